import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound, unprocessable } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { CorrectableField } from '../citizens/citizens.port.js';
import type {
  ConsentView,
  CorrectionRequestView,
  PrivacyPort,
  SensitiveAccessEntry,
  SensitiveAccessView,
} from './privacy.port.js';
import type { AccessRow, ConsentRow, CorrectionRow, PrivacyRepository } from './privacy.repository.js';
import type { ConsentSource, CorrectionStatus } from './privacy.tables.js';
import { findPurpose } from './purposes.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toConsentView(r: ConsentRow): ConsentView {
  return {
    id: r.id,
    purpose: r.purpose_code,
    purposeText: r.purpose_text,
    granted: r.granted,
    grantedAt: iso(r.granted_at),
    withdrawnAt: iso(r.withdrawn_at),
    source: r.source,
    createdAt: r.created_at.toISOString(),
  };
}

export function toCorrectionView(r: CorrectionRow): CorrectionRequestView {
  return {
    id: r.id,
    citizenId: r.citizen_id,
    field: r.field,
    currentValue: r.current_value,
    requestedValue: r.requested_value,
    reason: r.reason,
    status: r.status,
    decisionNote: r.decision_note,
    resolvedByName: r.resolved_by_name,
    resolvedAt: iso(r.resolved_at),
    applied: r.applied,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

export function toAccessView(r: AccessRow): SensitiveAccessView {
  return {
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    itemType: r.item_type,
    itemId: r.item_id,
    purpose: r.purpose,
    agencyId: r.agency_id,
  };
}

const CORRECTABLE: ReadonlySet<string> = new Set<CorrectableField>(['fullName', 'dateOfBirth', 'address']);

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Rules of the privacy module (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP). */
export class PrivacyService implements PrivacyPort {
  constructor(
    private readonly app: FastifyInstance,
    private readonly repo: PrivacyRepository,
  ) {}

  async recordConsent(
    actor: ActorContext,
    citizenId: string,
    answer: { purpose: string; granted: boolean; source: ConsentSource },
    trx?: Transaction<DB>,
  ): Promise<ConsentView> {
    const purpose = findPurpose(answer.purpose);
    if (!purpose) {
      throw unprocessable('Mục đích xử lý dữ liệu không có trong danh sách.', [
        { field: '/purpose', message: 'Mục đích không hợp lệ.' },
      ]);
    }
    const now = this.app.clock();
    const run = async (db: Transaction<DB>): Promise<ConsentView> => {
      if (answer.granted) {
        const active = await this.repo.findActiveConsent(citizenId, purpose.code, db);
        if (active) return toConsentView(active);
      } else {
        await this.repo.withdrawActive(citizenId, purpose.code, now, db);
      }
      const row = await this.repo.insertConsent(
        {
          citizenId,
          purpose: purpose.code,
          purposeText: purpose.text,
          granted: answer.granted,
          at: now,
          source: answer.source,
          ip: actor.ip,
        },
        db,
      );
      await this.app.audit.record(
        actor,
        {
          action: answer.granted ? 'privacy.consent_grant' : 'privacy.consent_refuse',
          entityType: 'citizen',
          entityId: citizenId,
          agencyId: null,
          after: { purpose: purpose.code, granted: answer.granted, source: answer.source },
        },
        db,
      );
      return toConsentView(row);
    };
    if (trx) return run(trx);
    try {
      return await this.app.database.db.transaction().execute(run);
    } catch (error) {
      // Two grants at once: the partial unique index kept one; return it.
      if (answer.granted && isUniqueViolation(error)) {
        const active = await this.repo.findActiveConsent(citizenId, purpose.code);
        if (active) return toConsentView(active);
      }
      throw error;
    }
  }

  async withdrawConsent(actor: ActorContext, citizenId: string, purposeCode: string): Promise<boolean> {
    const purpose = findPurpose(purposeCode);
    if (!purpose) {
      throw unprocessable('Mục đích xử lý dữ liệu không có trong danh sách.', [
        { field: '/purpose', message: 'Mục đích không hợp lệ.' },
      ]);
    }
    return this.app.database.db.transaction().execute(async (trx) => {
      const row = await this.repo.withdrawActive(citizenId, purpose.code, this.app.clock(), trx);
      if (!row) return false;
      await this.app.audit.record(
        actor,
        {
          action: 'privacy.consent_withdraw',
          entityType: 'citizen',
          entityId: citizenId,
          agencyId: null,
          before: { purpose: purpose.code, grantedAt: iso(row.granted_at) },
          after: { purpose: purpose.code, withdrawnAt: iso(row.withdrawn_at) },
        },
        trx,
      );
      return true;
    });
  }

  async hasConsent(citizenId: string, purpose: string, trx?: Transaction<DB>): Promise<boolean> {
    return (await this.repo.findActiveConsent(citizenId, purpose, trx)) !== undefined;
  }

  async listConsents(citizenId: string): Promise<ConsentView[]> {
    return (await this.repo.listConsents(citizenId)).map(toConsentView);
  }

  async createCorrectionRequest(
    actor: ActorContext,
    citizenId: string,
    input: { field: CorrectionRow['field']; currentValue: string | null; requestedValue: string; reason: string },
  ): Promise<CorrectionRequestView> {
    const row = await this.repo.insertCorrection({ citizenId, ...input, at: this.app.clock() });
    await this.app.audit.record(actor, {
      action: 'privacy.correction_request',
      entityType: 'correction_request',
      entityId: row.id,
      agencyId: null,
      after: { field: row.field, requestedValue: row.requested_value },
    });
    return toCorrectionView(row);
  }

  async listCorrectionRequestsOf(citizenId: string): Promise<CorrectionRequestView[]> {
    return (await this.repo.listCorrectionsOf(citizenId)).map(toCorrectionView);
  }

  async logSensitiveAccess(actor: ActorContext, entry: SensitiveAccessEntry): Promise<void> {
    await this.repo.insertAccess(actor, {
      citizenId: entry.citizenId ?? null,
      itemType: entry.itemType,
      itemId: entry.itemId,
      purpose: entry.purpose,
      agencyId: entry.agencyId ?? null,
      at: this.app.clock(),
    });
  }

  async listSensitiveAccessOf(citizenId: string): Promise<SensitiveAccessView[]> {
    return (await this.repo.listAccessOf(citizenId)).map(toAccessView);
  }

  // ---- staff side (privacy.manage) ----

  async listCorrections(query: { status?: CorrectionStatus; limit: number; cursor?: string }) {
    const c = decodeCursor(query.cursor);
    const after = c ? { at: new Date(String(c.k)), id: c.id } : null;
    const rows = await this.repo.listCorrections({ status: query.status, after, limit: query.limit });
    const page = toPage(rows, query.limit, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
    return { items: page.items.map(toCorrectionView), nextCursor: page.nextCursor };
  }

  /**
   * Approves or rejects a correction request. Approving a profile field the platform holds
   * (fullName, dateOfBirth, address) writes the corrected value through the citizens port; other
   * fields (phone, email — sign-in identifiers — and "other") are recorded as approved for the
   * officer to act on where the data lives.
   */
  async resolveCorrection(
    actor: ActorContext,
    id: string,
    input: { decision: 'approved' | 'rejected'; note: string | null; version?: number },
  ): Promise<CorrectionRequestView> {
    const existing = await this.repo.findCorrection(id);
    if (!existing) throw notFound('Không tìm thấy yêu cầu chỉnh sửa.');
    if (existing.status !== 'pending') {
      throw conflict('Yêu cầu này đã được xử lý trước đó.', 'correction_already_resolved');
    }
    if (input.decision === 'rejected' && !input.note) {
      throw unprocessable('Cần ghi rõ lý do từ chối để thông báo cho công dân.', [
        { field: '/note', message: 'Hãy nhập lý do từ chối.' },
      ]);
    }
    const apply = input.decision === 'approved' && CORRECTABLE.has(existing.field);
    return this.app.database.db.transaction().execute(async (trx) => {
      const row = await this.repo.resolveCorrection(
        {
          id,
          version: input.version,
          status: input.decision,
          note: input.note,
          resolvedBy: actor.actorKind === 'staff' ? actor.actorId : null,
          resolvedByName: actor.actorName,
          applied: apply,
          at: this.app.clock(),
        },
        trx,
      );
      if (!row) {
        throw conflict('Yêu cầu vừa được người khác xử lý hoặc cập nhật. Vui lòng tải lại.', 'stale_version');
      }
      // In the same transaction: if the profile write fails, the decision is rolled back too. The
      // decision's audit row comes last (the audit chain head stays locked until commit).
      if (apply) {
        await this.app.citizens.applyCorrection(
          actor,
          existing.citizen_id,
          existing.field as CorrectableField,
          existing.requested_value,
          trx,
        );
      }
      await this.app.audit.record(
        actor,
        {
          action: `privacy.correction_${input.decision === 'approved' ? 'approve' : 'reject'}`,
          entityType: 'correction_request',
          entityId: id,
          agencyId: null,
          before: { status: existing.status },
          after: { status: row.status, note: row.decision_note, applied: apply },
        },
        trx,
      );
      return toCorrectionView(row);
    });
  }

  async listAccess(query: { citizenId?: string; itemType?: string; limit: number; cursor?: string }) {
    const c = decodeCursor(query.cursor);
    const before = c ? { at: new Date(String(c.k)), id: Number(c.id) } : null;
    const rows = await this.repo.listAccess({
      citizenId: query.citizenId,
      itemType: query.itemType,
      before,
      limit: query.limit,
    });
    const page = toPage(rows, query.limit, (r) => ({ k: r.at.toISOString(), id: String(r.id) }));
    return {
      items: page.items.map((r) => ({ ...toAccessView(r), id: r.id, citizenId: r.citizen_id, actorId: r.actor_id })),
      nextCursor: page.nextCursor,
    };
  }
}
