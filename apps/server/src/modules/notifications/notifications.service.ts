import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound, staleVersion, unprocessable } from '../../http/errors.js';
import type { Clock } from '../../http/fastify-augment.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import type { JobContext, JobsPort } from '../jobs/jobs.port.js';
import { PermanentJobError } from '../jobs/jobs.service.js';
import type { Channel, NotificationsPort, OutgoingMessage, SendOptions } from './notifications.port.js';
import type { NotificationsRepository, OutboxRow, TemplateRow } from './notifications.repository.js';
import type { OutboxStatus } from './notifications.tables.js';
import { checkTemplateText, normalizeRecipient, renderText } from './notifications.templates.js';
import { devLog, type Transport } from './notifications.transports.js';

export const DELIVER_QUEUE = 'notifications.deliver';
/** Tries per message: 1 + 5 retries over about 2.5 minutes (back-off 5 s, 10 s, 20 s, 40 s, 80 s). */
export const MAX_ATTEMPTS = 6;

export interface NotificationsServiceDeps {
  db: Kysely<DB>;
  repository: NotificationsRepository;
  jobs: () => JobsPort;
  audit: () => AuditPort;
  transports: Record<Channel, Transport>;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
}

export interface OutboxItem {
  id: string;
  channel: Channel;
  to: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface TemplateView {
  code: string;
  channel: Channel;
  subject: string | null;
  body: string;
  variables: string[];
  requiredVariables: string[];
  description: string;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
}

export class NotificationsService implements NotificationsPort {
  constructor(private readonly deps: NotificationsServiceDeps) {}

  async send(message: OutgoingMessage, options: SendOptions = {}): Promise<{ id: string }> {
    const to = normalizeRecipient(message.channel, message.to);
    if (!to) {
      throw unprocessable(
        message.channel === 'email' ? 'Địa chỉ thư điện tử không hợp lệ.' : 'Số điện thoại không hợp lệ.',
        [
          {
            field: '/to',
            message:
              message.channel === 'email'
                ? 'Địa chỉ thư điện tử không hợp lệ.'
                : 'Số điện thoại phải có dạng 0xxxxxxxxx hoặc +84xxxxxxxxx.',
          },
        ],
        'invalid_recipient',
      );
    }
    const queue = async (trx: Transaction<DB>) => {
      const template = await this.deps.repository.findTemplate(message.template, message.channel, trx);
      if (!template) throw new Error(`Không có mẫu thông báo "${message.template}" cho kênh ${message.channel}.`);
      // Rendered now: the message says what the template said when it was requested, and a
      // missing value fails the caller instead of a background job.
      const subject = template.subject === null ? null : renderText(template.subject, message.data);
      const body = renderText(template.body, message.data);
      const now = this.deps.clock();
      // The id is made here so that the job (which names the message) and the message (which names its job)
      // are each written once.
      const id = randomUUID();
      const jobId = await this.deps.jobs().enqueue(DELIVER_QUEUE, { outboxId: id }, { maxAttempts: MAX_ATTEMPTS, trx });
      await this.deps.repository.insertOutbox(trx, {
        id,
        jobId,
        channel: message.channel,
        recipient: to,
        templateCode: template.code,
        templateVersion: template.version,
        data: message.data,
        subject,
        body,
        expiresAt: message.expiresAt ?? null,
        now,
      });
      return id;
    };
    const id = options.trx ? await queue(options.trx) : await this.deps.db.transaction().execute(queue);
    return { id };
  }

  /** The job: delivers one outbox message through its channel's transport. */
  async deliver(payload: Record<string, unknown>, job: JobContext): Promise<void> {
    const { repository, clock, config, log } = this.deps;
    const outboxId = payload.outboxId;
    if (typeof outboxId !== 'string') throw new PermanentJobError('Thiếu outboxId trong công việc gửi thông báo.');
    const row = await repository.findOutbox(outboxId);
    if (!row) throw new PermanentJobError(`Không tìm thấy thông báo ${outboxId}.`);
    if (row.status !== 'queued' || row.body === null) return; // already sent or given up

    if (row.expires_at && clock() > row.expires_at) {
      await repository.recordAttempt(row.id, {
        status: 'failed',
        attempts: row.attempts,
        error: 'Thông báo đã hết hạn trước khi gửi được.',
        now: clock(),
      });
      return;
    }
    if (job.attempts === 1) {
      await devLog(config, log, {
        id: row.id,
        channel: row.channel,
        to: row.recipient,
        template: row.template_code,
        subject: row.subject,
        text: row.body,
        at: clock(),
      }).catch((error: unknown) => log.warn({ err: error }, 'could not write the development outbox log'));
    }
    try {
      await this.deps.transports[row.channel].send(
        { to: row.recipient, subject: row.subject, text: row.body },
        job.signal,
      );
    } catch (error) {
      const last = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      await repository.recordAttempt(row.id, {
        status: last ? 'failed' : 'queued',
        attempts: job.attempts,
        error: ((error as Error).message || 'Lỗi không rõ').slice(0, 2000),
        now: clock(),
      });
      throw error;
    }
    await repository.recordAttempt(row.id, { status: 'sent', attempts: job.attempts, error: null, now: clock() });
  }

  async listOutbox(query: { status?: OutboxStatus; limit?: number; cursor?: string }) {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor);
    if (cursor && (Number.isNaN(new Date(String(cursor.k)).getTime()) || !UUID.test(cursor.id))) {
      throw badRequest('invalid_cursor', 'Con trỏ phân trang không hợp lệ. Hãy tải lại trang đầu.');
    }
    const rows = await this.deps.repository.listOutbox({
      ...(query.status ? { status: query.status } : {}),
      cursor,
      limit,
    });
    const page = toPage(rows, limit, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
    return { items: page.items.map(outboxView), nextCursor: page.nextCursor };
  }

  async listTemplates(): Promise<TemplateView[]> {
    return (await this.deps.repository.listTemplates()).map(templateView);
  }

  async updateTemplate(
    actor: ActorContext,
    code: string,
    input: { channel: Channel; version: number; subject: string | null; body: string },
  ): Promise<TemplateView> {
    const { repository, db, clock } = this.deps;
    const subject = input.channel === 'sms' && input.subject === '' ? null : input.subject;
    return db.transaction().execute(async (trx) => {
      const current = await repository.findTemplate(code, input.channel, trx);
      if (!current) throw notFound('Không tìm thấy mẫu thông báo.');
      const errors = checkTemplateText({
        channel: input.channel,
        subject,
        body: input.body,
        variables: current.variables,
        requiredVariables: current.required_variables,
      });
      if (errors.length > 0) throw unprocessable('Mẫu thông báo chưa hợp lệ.', errors);
      const updated = await repository.updateTemplate(
        trx,
        { code, channel: input.channel, version: input.version },
        {
          subject,
          body: input.body,
          updatedBy: actor.actorKind === 'staff' ? actor.actorId : null,
          updatedByName: actor.actorName,
          now: clock(),
        },
      );
      if (!updated) throw staleVersion('Mẫu thông báo');
      await this.deps.audit().record(
        actor,
        {
          action: 'notification_template.update',
          entityType: 'notification_template',
          entityId: `${code}:${input.channel}`,
          agencyId: null,
          before: { subject: current.subject, body: current.body, version: current.version },
          after: { subject: updated.subject, body: updated.body, version: updated.version },
        },
        trx,
      );
      return templateView(updated);
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function outboxView(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    channel: r.channel,
    to: r.recipient,
    template: r.template_code,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  };
}

function templateView(t: TemplateRow): TemplateView {
  return {
    code: t.code,
    channel: t.channel,
    subject: t.subject,
    body: t.body,
    variables: t.variables,
    requiredVariables: t.required_variables,
    description: t.description,
    version: t.version,
    updatedAt: t.updated_at.toISOString(),
    updatedByName: t.updated_by_name,
  };
}
