import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Cursor } from '../../http/pagination.js';
import type { Channel } from './notifications.port.js';
import type { NotificationsTables, OutboxStatus } from './notifications.tables.js';

export type TemplateRow = Selectable<NotificationsTables['notification_templates']>;
export type OutboxRow = Selectable<NotificationsTables['notification_outbox']>;
type Executor = Kysely<DB> | Transaction<DB>;

/** The only code touching the notification tables (migrations/0006_notifications.sql). */
export class NotificationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async findTemplate(code: string, channel: Channel, exec: Executor = this.db): Promise<TemplateRow | undefined> {
    return exec
      .selectFrom('notification_templates')
      .selectAll()
      .where('code', '=', code)
      .where('channel', '=', channel)
      .executeTakeFirst();
  }

  async listTemplates(): Promise<TemplateRow[]> {
    return this.db.selectFrom('notification_templates').selectAll().orderBy('code').orderBy('channel').execute();
  }

  /** Optimistic locking: returns undefined when the version no longer matches. */
  async updateTemplate(
    trx: Transaction<DB>,
    key: { code: string; channel: Channel; version: number },
    change: { subject: string | null; body: string; updatedBy: string | null; updatedByName: string | null; now: Date },
  ): Promise<TemplateRow | undefined> {
    return trx
      .updateTable('notification_templates')
      .set((eb) => ({
        subject: change.subject,
        body: change.body,
        updated_by: change.updatedBy,
        updated_by_name: change.updatedByName,
        updated_at: change.now,
        version: eb('version', '+', 1),
      }))
      .where('code', '=', key.code)
      .where('channel', '=', key.channel)
      .where('version', '=', key.version)
      .returningAll()
      .executeTakeFirst();
  }

  async insertOutbox(
    exec: Executor,
    row: {
      id: string;
      jobId: number;
      channel: Channel;
      recipient: string;
      templateCode: string;
      templateVersion: number;
      data: Record<string, string | number>;
      subject: string | null;
      body: string;
      expiresAt: Date | null;
      now: Date;
    },
  ): Promise<void> {
    await exec
      .insertInto('notification_outbox')
      .values({
        id: row.id,
        job_id: row.jobId,
        channel: row.channel,
        recipient: row.recipient,
        template_code: row.templateCode,
        template_version: row.templateVersion,
        data: JSON.stringify(row.data),
        subject: row.subject,
        body: row.body,
        expires_at: row.expiresAt,
        created_at: row.now,
        updated_at: row.now,
      })
      .execute();
  }

  async findOutbox(id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Records the outcome of a delivery attempt. A final outcome (sent, or failed for good) also
   * erases the content: the one-time code or temporary password has no reason to stay.
   */
  async recordAttempt(
    id: string,
    outcome: { status: OutboxStatus; attempts: number; error: string | null; now: Date },
  ): Promise<void> {
    const final = outcome.status !== 'queued';
    await this.db
      .updateTable('notification_outbox')
      .set({
        status: outcome.status,
        attempts: outcome.attempts,
        last_error: outcome.error,
        updated_at: outcome.now,
        ...(outcome.status === 'sent' ? { sent_at: outcome.now } : {}),
        ...(final ? { data: '{}', body: null, redacted_at: outcome.now } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }

  /** Newest first; the cursor is the last row's (created_at, id). */
  async listOutbox(filter: { status?: OutboxStatus; cursor: Cursor | null; limit: number }): Promise<OutboxRow[]> {
    let q = this.db.selectFrom('notification_outbox').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    const c = filter.cursor;
    if (c) {
      const at = new Date(String(c.k));
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', c.id)])]));
    }
    return q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
  }
}
