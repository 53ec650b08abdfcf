import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { ConsentSource, CorrectionField, CorrectionStatus, PrivacyTables } from './privacy.tables.js';

export type ConsentRow = Selectable<PrivacyTables['consents']>;
export type CorrectionRow = Selectable<PrivacyTables['correction_requests']>;
export type AccessRow = Selectable<PrivacyTables['sensitive_data_access_log']>;
type Db = Kysely<DB> | Transaction<DB>;

/** The only code of the privacy module that touches SQL. */
export class PrivacyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findActiveConsent(citizenId: string, purpose: string, trx: Db = this.db): Promise<ConsentRow | undefined> {
    return trx
      .selectFrom('consents')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .where('purpose_code', '=', purpose)
      .where('granted', '=', true)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
  }

  insertConsent(
    values: {
      citizenId: string;
      purpose: string;
      purposeText: string;
      granted: boolean;
      at: Date;
      source: ConsentSource;
      ip: string | null;
    },
    trx: Db = this.db,
  ): Promise<ConsentRow> {
    return trx
      .insertInto('consents')
      .values({
        citizen_id: values.citizenId,
        purpose_code: values.purpose,
        purpose_text: values.purposeText,
        granted: values.granted,
        granted_at: values.granted ? values.at : null,
        source: values.source,
        ip: values.ip,
        created_at: values.at,
        updated_at: values.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Withdraws the active consent (if any) and returns the row as it is now. */
  withdrawActive(citizenId: string, purpose: string, at: Date, trx: Db = this.db): Promise<ConsentRow | undefined> {
    return trx
      .updateTable('consents')
      .set((eb) => ({ withdrawn_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('citizen_id', '=', citizenId)
      .where('purpose_code', '=', purpose)
      .where('granted', '=', true)
      .where('withdrawn_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  listConsents(citizenId: string): Promise<ConsentRow[]> {
    return this.db
      .selectFrom('consents')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  insertCorrection(values: {
    citizenId: string;
    field: CorrectionField;
    currentValue: string | null;
    requestedValue: string;
    reason: string;
    at: Date;
  }): Promise<CorrectionRow> {
    return this.db
      .insertInto('correction_requests')
      .values({
        citizen_id: values.citizenId,
        field: values.field,
        current_value: values.currentValue,
        requested_value: values.requestedValue,
        reason: values.reason,
        created_at: values.at,
        updated_at: values.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findCorrection(id: string): Promise<CorrectionRow | undefined> {
    return this.db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listCorrectionsOf(citizenId: string): Promise<CorrectionRow[]> {
    return this.db
      .selectFrom('correction_requests')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Oldest first (first come, first served), keyset-paginated on (created_at, id). */
  listCorrections(filter: {
    status?: CorrectionStatus;
    after: { at: Date; id: string } | null;
    limit: number;
  }): Promise<CorrectionRow[]> {
    let q = this.db.selectFrom('correction_requests').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    const after = filter.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)])]),
      );
    }
    return q
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(filter.limit + 1)
      .execute();
  }

  /** Resolves a pending request; undefined when it is no longer pending (or the version moved). */
  resolveCorrection(
    values: {
      id: string;
      version: number | undefined;
      status: 'approved' | 'rejected';
      note: string | null;
      resolvedBy: string | null;
      resolvedByName: string | null;
      applied: boolean;
      at: Date;
    },
    trx: Db = this.db,
  ): Promise<CorrectionRow | undefined> {
    let q = trx
      .updateTable('correction_requests')
      .set((eb) => ({
        status: values.status,
        decision_note: values.note,
        resolved_by: values.resolvedBy,
        resolved_by_name: values.resolvedByName,
        resolved_at: values.at,
        applied: values.applied,
        updated_at: values.at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', values.id)
      .where('status', '=', 'pending');
    if (values.version !== undefined) q = q.where('version', '=', values.version);
    return q.returningAll().executeTakeFirst();
  }

  insertAccess(
    actor: ActorContext,
    entry: {
      citizenId: string | null;
      itemType: string;
      itemId: string;
      purpose: string;
      agencyId: string | null;
      at: Date;
    },
  ): Promise<unknown> {
    return this.db
      .insertInto('sensitive_data_access_log')
      .values({
        at: entry.at,
        actor_kind: actor.actorKind,
        actor_id: actor.actorId,
        actor_name: actor.actorName,
        citizen_id: entry.citizenId,
        item_type: entry.itemType,
        item_id: entry.itemId,
        purpose: entry.purpose,
        agency_id: entry.agencyId,
        ip: actor.ip,
        user_agent: actor.userAgent,
        request_id: actor.requestId,
        created_at: entry.at,
        updated_at: entry.at,
      })
      .execute();
  }

  listAccessOf(citizenId: string): Promise<AccessRow[]> {
    return this.db
      .selectFrom('sensitive_data_access_log')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  listAccess(filter: {
    citizenId?: string;
    itemType?: string;
    before: { at: Date; id: number } | null;
    limit: number;
  }) {
    let q = this.db.selectFrom('sensitive_data_access_log').selectAll();
    if (filter.citizenId) q = q.where('citizen_id', '=', filter.citizenId);
    if (filter.itemType) q = q.where('item_type', '=', filter.itemType);
    const before = filter.before;
    if (before) {
      q = q.where((eb) =>
        eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
      );
    }
    return q
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
  }
}
