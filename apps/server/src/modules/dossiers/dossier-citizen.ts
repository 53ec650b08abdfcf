import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound, staleVersion, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { FilesPort } from '../files/files.port.js';
import { readAll } from '../files/storage.js';
import { localIsoDate } from '../calendar/local-time.js';
import type {
  CitizenDossierDetail,
  CitizenDossierItem,
  CitizenDossiersPort,
  OnlineFile,
  PublicDossierStatus,
} from './dossier-citizen.port.js';
import { findLookupRow } from './dossier-lookup.repository.js';
import type { InTransaction } from './dossier-intake.js';
import { CitizenDossiersRepository } from './dossier-citizen.repository.js';
import { onlineReceptionDueAt } from './dossier-deadline.js';
import { DOSSIER_FILE_MAX_BYTES } from './dossier-files.service.js';
import type { DossierFilesRepository } from './dossier-files.repository.js';
import { pausePatch } from './dossier-pauses.js';
import { ACTION_LABELS, applyAction, type DossierAction, type DossierState, STATE_INFO } from './dossier-states.js';
import { snapshotOf } from './dossier-view.js';
import type { OnlineSubmission } from './dossiers.port.js';
import type { DossierPatch, DossierRow, DossiersRepository, EventRow } from './dossiers.repository.js';
import type { DossiersDeps } from './dossiers.service.js';

/** At most this many of a citizen's dossiers are listed (newest first). */
const MY_DOSSIERS_LIMIT = 200;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const label = (s: string) => STATE_INFO[s as DossierState]?.label ?? s;

/**
 * A phone number reduced to its national digits (0912345678), so "+84 912 345 678", "0912.345.678" and
 * "84912345678" are the same number.
 */
export function nationalPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('84') && digits.length >= 11) return `0${digits.slice(2)}`;
  return digits;
}

export interface CitizenDossiersDeps extends DossiersDeps {
  files: () => FilesPort;
  submitOnline: (
    input: OnlineSubmission,
    inTransaction?: InTransaction,
  ) => Promise<{ code: string; status: string; submittedAt: string; acceptBy: string }>;
}

/** The applicant's side of dossiers (dossier-citizen.port.ts). */
export class CitizenDossiers implements CitizenDossiersPort {
  private readonly mine: CitizenDossiersRepository;
  constructor(
    private readonly deps: CitizenDossiersDeps,
    private readonly repo: DossiersRepository,
    private readonly filesRepo: DossierFilesRepository,
  ) {
    this.mine = new CitizenDossiersRepository(deps.db);
  }

  async fileOnline(
    input: OnlineSubmission,
    files: OnlineFile[],
    alsoInTransaction?: (trx: Transaction<DB>, dossier: { code: string }) => Promise<void>,
  ) {
    // The files are linked in the dossier's own transaction: a dossier never exists without the files it was
    // submitted with, and a failure leaves neither.
    return this.deps.submitOnline(
      { ...input, files: files.map((f) => ({ component: f.component, fileId: f.fileId })) },
      async (trx, row) => {
        await this.link(trx, row, files, { id: input.citizenId, name: input.applicant.name });
        await alsoInTransaction?.(trx, { code: row.code });
      },
    );
  }

  private async link(
    trx: Transaction<DB>,
    row: DossierRow,
    files: OnlineFile[],
    by: { id: string; name: string | null },
  ) {
    if (files.length === 0) return;
    const now = this.deps.clock();
    {
      await this.mine.linkComponents(
        trx,
        row.id,
        files.map((f) => ({ ...f, id: f.fileId })),
        by,
        now,
      );
      await this.deps.audit().record(
        { actorKind: 'citizen', actorId: by.id, actorName: by.name, ip: null, userAgent: null, requestId: null },
        {
          action: 'dossier.component_file.online',
          entityType: 'dossier',
          entityId: row.id,
          agencyId: row.current_agency_id,
          after: {
            dossierCode: row.code,
            files: files.map((f) => ({ id: f.fileId, component: f.component, sha256: f.sha256, size: f.size })),
          },
        },
        trx,
      );
    }
  }

  private item(row: DossierRow, rated: boolean): CitizenDossierItem {
    return {
      code: row.code,
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      status: row.status,
      statusLabel: label(row.status),
      submittedAt: iso(row.submitted_at),
      // An online dossier is "received" only once the one-stop officer accepts it (it then gets its due date).
      receivedAt: row.due_at ? iso(row.received_at) : null,
      dueAt: iso(row.due_at),
      acceptBy: row.status === 'submitted' ? iso(row.accept_by) : null,
      rated,
    };
  }

  async listMine(citizenId: string): Promise<CitizenDossierItem[]> {
    const rows = await this.mine.listOf(citizenId, MY_DOSSIERS_LIMIT);
    const rated = await this.mine.ratedIds(rows.map((r) => r.id));
    return rows.map((r) => this.item(r, rated.has(r.id)));
  }

  /** The citizen's own dossier, or 404 (also for another citizen's: its existence is not confirmed). */
  private async own(citizenId: string, code: string): Promise<DossierRow> {
    const row = await this.repo.findByCode(code);
    if (!row || row.applicant_citizen_id !== citizenId) throw notFound('Không tìm thấy hồ sơ của bạn với mã này.');
    return row;
  }

  private history(events: EventRow[]) {
    return events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actionLabel:
        ACTION_LABELS[e.action as DossierAction] ?? (e.action === 'submit_online' ? 'Nộp trực tuyến' : e.action),
      status: e.to_status,
      label: label(e.to_status),
      reason: e.reason ?? e.note ?? null,
    }));
  }

  async getMine(citizenId: string, code: string): Promise<CitizenDossierDetail> {
    const row = await this.own(citizenId, code);
    const [events, files, rated] = await Promise.all([
      this.repo.events(row.id),
      this.filesRepo.list(row.id),
      this.mine.ratedIds([row.id]),
    ]);
    const request = [...events].reverse().find((e) => e.action === 'request_supplement');
    const resultsAvailable = row.status === 'result_ready' || row.status === 'returned';
    return {
      ...this.item(row, rated.has(row.id)),
      agencyId: row.current_agency_id,
      supplementRequest:
        row.status === 'supplement_requested' && request
          ? [request.reason, request.note].filter(Boolean).join(' — ')
          : null,
      history: this.history(events),
      files: files
        .filter((f) => f.kind === 'component' || resultsAvailable)
        .map((f) => ({ id: f.id, kind: f.kind, component: f.component, name: f.name, resultCode: f.result_code })),
      resultsAvailable,
    };
  }

  async lookup(code: string, phone: string): Promise<PublicDossierStatus | null> {
    const wanted = nationalPhone(phone);
    const row = await findLookupRow(this.deps.db, code.trim().toUpperCase());
    const stored = row?.phone ?? null;
    // Wrong phone and unknown code give the same answer (issue 4 §1): nothing tells them apart.
    if (!row || !stored || wanted.length < 9 || nationalPhone(stored) !== wanted) return null;
    return {
      code: row.code,
      procedure: { code: row.procedure_code, name: row.procedure_name },
      status: row.status,
      statusLabel: label(row.status),
      submittedAt: iso(row.submitted_at),
      // As `item`: an online dossier is "received" only once the one-stop officer accepts it.
      receivedAt: row.due_at ? iso(row.received_at) : null,
      dueAt: iso(row.due_at),
      // Entries written before 0025 came from SQL (to_char, milliseconds): normalised like the rest.
      history: row.history.map((e) => ({
        at: new Date(e.at).toISOString(),
        status: e.status,
        label: label(e.status),
      })),
    };
  }

  /**
   * The applicant supplements the dossier (action `supplement`, Nghị định 118/2025/NĐ-CP; article to confirm):
   * the processing clock resumes (dossier-pauses.ts); an online dossier not yet accepted gets a new
   * 8-working-hour acceptance limit (Nghị định 45/2020/NĐ-CP; article to confirm), as in dossiers.service.ts.
   */
  async supplement(
    actor: ActorContext,
    citizenId: string,
    code: string,
    input: { note: string | null; files: OnlineFile[] },
  ) {
    const row = await this.own(citizenId, code);
    const procedure = await this.deps.procedures().findRevision(row.procedure_id, row.procedure_revision);
    if (!procedure) throw notFound();
    const now = this.deps.clock();
    const applied = applyAction(
      snapshotOf(row, procedure.workflow, null),
      { kind: 'citizen', citizenId },
      { action: 'supplement', note: input.note },
      now,
    );
    if (!applied.ok) {
      if ('problems' in applied) throw unprocessable('Thông tin bổ sung chưa hợp lệ.', applied.problems);
      throw conflict('Hồ sơ không ở trạng thái chờ bổ sung.', applied.denial.code);
    }
    if (input.files.length === 0 && !input.note)
      throw unprocessable('Chưa có gì để bổ sung.', [
        { field: '/files', message: 'Tải lên ít nhất một tệp hoặc ghi nội dung bổ sung.' },
      ]);
    const year = Number(localIsoDate(now).slice(0, 4));
    const from = Math.min(year, Number(localIsoDate(row.received_at).slice(0, 4)));
    const cal = await this.deps.calendar().workingCalendar(from, year + 1, { agencyId: row.current_agency_id });
    const next = applied.dossier;
    const patch: DossierPatch = {
      status: next.state,
      resume_state: next.resumeState,
      ...pausePatch(cal, row, next.state, now),
    };
    if (next.state === 'submitted' && row.channel === 'online') patch.accept_by = onlineReceptionDueAt(cal, now);
    const updated = await this.repo.transaction(async (trx) => {
      const u = await this.repo.updateWithEvent(trx, row.id, row.version, patch, {
        action: 'supplement',
        fromStatus: row.status,
        actorId: citizenId,
        actorName: actor.actorName,
        agencyId: row.current_agency_id,
        at: now,
        note: input.note,
        reason: null,
        data: { files: input.files.map((f) => ({ fileId: f.fileId, component: f.component })) },
      });
      if (!u) throw staleVersion('Hồ sơ');
      await this.mine.linkComponents(
        trx,
        row.id,
        input.files.map((f) => ({ ...f, id: f.fileId })),
        { id: citizenId, name: actor.actorName },
        now,
      );
      await this.deps.audit().record(
        actor,
        {
          action: 'dossier.supplement',
          entityType: 'dossier',
          entityId: row.id,
          agencyId: row.current_agency_id,
          before: { status: row.status, version: row.version },
          after: { status: u.status, version: u.version, files: input.files.map((f) => f.fileId) },
        },
        trx,
      );
      return u;
    });
    return { code: updated.code, status: updated.status, statusLabel: label(updated.status) };
  }

  async resultFile(citizenId: string, code: string, fileId: string) {
    const row = await this.own(citizenId, code);
    const file = /^[0-9a-f-]{36}$/i.test(fileId) ? await this.filesRepo.find(row.id, fileId) : null;
    const ready = row.status === 'result_ready' || row.status === 'returned';
    if (!file || file.kind !== 'result' || !ready) throw notFound('Không tìm thấy tệp kết quả của hồ sơ.');
    const bytes = await readAll(await this.deps.files().storage.get(file.storage_key), DOSSIER_FILE_MAX_BYTES * 2);
    return { bytes, mediaType: file.media_type, name: file.name };
  }
}
