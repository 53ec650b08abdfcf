import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type FieldError, forbidden, notFound, unauthorized, unprocessable } from '../../http/errors.js';
import { type ActorContext } from '../../http/request-context.js';
import { assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { localIsoDate } from '../calendar/local-time.js';
import type { AgencySummary } from '../org/org.port.js';
import { foldVietnamese } from '../org/org.search.js';
import type { PublishedProcedure } from '../procedures/procedures.port.js';
import { allocateDossierCode } from './dossier-code.repository.js';
import { onlineReceptionDueAt } from './dossier-deadline.js';
import { applyAction, type DossierState } from './dossier-states.js';
import { actorOfPrincipal, snapshotOf, type StoredComponent } from './dossier-view.js';
import type { OnlineSubmission } from './dossiers.port.js';
import type { DossierRow, DossiersRepository, NewDossier } from './dossiers.repository.js';
import type { DossiersDeps } from './dossiers.service.js';

/**
 * How a dossier enters the system (issue 3 §2): at the counter, by post, or online. Counter and post go
 * straight to `received` with a due date; online goes to `submitted` with an acceptance limit and gets its
 * due date when the one-stop officer accepts it (dossiers.service.ts, action `receive`).
 */

export type ReceptionChannel = 'counter' | 'post';

export interface ApplicantInput {
  name: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface ReceiveInput {
  procedureCode: string;
  /** The receiving one-stop agency (the officer's own, or a Trung tâm Phục vụ hành chính công). */
  agencyId: string;
  /** At the counter, or received by post (the receipt, Mẫu 01, is then sent back by post). Default counter. */
  channel?: ReceptionChannel;
  /** The agency that resolves the dossier when a centre receives it for another agency (province-wide rule). */
  forAgencyId?: string;
  applicant: ApplicantInput;
  components: { name: string; copies: number; form: StoredComponent['form']; received: boolean }[];
  formData?: Record<string, unknown>;
  note?: string;
}

/** More writes that must commit or fail with the new dossier (the online submission's uploaded files). */
export type InTransaction = (trx: Transaction<DB>, row: DossierRow) => Promise<void>;

/** Role that does the reception step (dossier-actions.ts, `receive`). */
const RECEPTION_ROLE = 'can_bo_mot_cua';
/** Ancestors walked to find the province of an agency (province → Văn phòng → centre is the deepest demo chain). */
const MAX_DEPTH = 10;
const blankToNull = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

function storedApplicant(a: ApplicantInput) {
  return {
    name: a.name.trim(),
    name_search: foldVietnamese(a.name),
    id_number: blankToNull(a.idNumber),
    phone: blankToNull(a.phone)?.replace(/[^\d+]/g, '') ?? null,
    email: blankToNull(a.email),
    address: blankToNull(a.address),
  };
}

function blankRow(receivingAgencyId: string): DossierRow {
  return {
    status: 'submitted',
    current_agency_id: receivingAgencyId,
    receiving_agency_id: receivingAgencyId,
    applicant_citizen_id: null,
    current_step: null,
    assignee_id: null,
    approved: false,
    resume_state: null,
    due_at: null,
    extended: false,
  } as DossierRow;
}

export class DossierIntake {
  constructor(
    private readonly deps: DossiersDeps,
    private readonly repo: DossiersRepository,
  ) {}

  /** The top-level agency above `agency` (UBND tỉnh for the agencies of a province). */
  async provinceOf(agency: AgencySummary): Promise<string> {
    let current = agency;
    for (let i = 0; i < MAX_DEPTH && current.parentId; i++) {
      const parent = await this.deps.org().findAgency(current.parentId);
      if (!parent) break;
      current = parent;
    }
    return current.id;
  }

  private async published(code: string): Promise<PublishedProcedure> {
    const procedure = await this.deps.procedures().findPublished(code);
    if (!procedure)
      throw unprocessable('Thủ tục không tồn tại hoặc chưa được công bố.', [
        { field: '/procedureCode', message: 'Không có thủ tục đang áp dụng với mã này.' },
      ]);
    return procedure;
  }

  private formProblems(procedure: PublishedProcedure, data: Record<string, unknown>): void {
    const problems = this.deps.procedures().validateForm(procedure, data);
    if (problems.length > 0) throw unprocessable('Tờ khai điện tử chưa đúng hoặc còn thiếu thông tin.', problems);
  }

  /**
   * The agency that will resolve a dossier received at `receiving`. Province-wide rule: a Trung tâm Phục vụ
   * hành chính công receives dossiers regardless of the applicant's place within the province and passes them to
   * the competent agency (Nghị định 118/2025/NĐ-CP; article to confirm). Only a centre may receive for another
   * agency, only for an agency of its own province (same top-level ancestor) that implements the procedure.
   */
  private async resolvingAgency(
    receiving: AgencySummary,
    forAgencyId: string | undefined,
    procedure: PublishedProcedure,
  ): Promise<AgencySummary> {
    if (!forAgencyId || forAgencyId === receiving.id) {
      if (!procedure.agencyIds.includes(receiving.id))
        throw unprocessable('Cơ quan này không thực hiện thủ tục đã chọn.', [
          { field: '/agencyId', message: 'Cơ quan không nằm trong danh sách cơ quan thực hiện thủ tục.' },
        ]);
      return receiving;
    }
    const problems: FieldError[] = [];
    const target = await this.deps.org().findAgency(forAgencyId);
    if (receiving.kind !== 'trung_tam_phvhc')
      problems.push({
        field: '/forAgencyId',
        message: 'Chỉ Trung tâm Phục vụ hành chính công được tiếp nhận hồ sơ thay cho cơ quan khác.',
      });
    else if (!target) problems.push({ field: '/forAgencyId', message: 'Không có cơ quan này.' });
    else if ((await this.provinceOf(target)) !== (await this.provinceOf(receiving)))
      problems.push({ field: '/forAgencyId', message: 'Cơ quan giải quyết phải thuộc cùng tỉnh với Trung tâm.' });
    else if (!procedure.agencyIds.includes(target.id))
      problems.push({ field: '/forAgencyId', message: 'Cơ quan giải quyết không thực hiện thủ tục đã chọn.' });
    if (problems.length > 0 || !target) throw unprocessable('Không thể tiếp nhận hồ sơ cho cơ quan này.', problems);
    return target;
  }

  /**
   * Reception at the counter or by post (Nghị định 118/2025/NĐ-CP; article to confirm): the code is allocated
   * in the same transaction as the row (dossier-code.repository.ts, with the RECEIVING agency's identifier), the
   * due date is computed from the reception instant with the resolving agency's working-day calendar.
   */
  async receive(principal: Principal | null, actor: ActorContext, input: ReceiveInput) {
    if (!principal) throw unauthorized();
    // Seeing the agency's dossiers is the permission; receiving is the one-stop officer's role there
    // (the state machine's `receive` rule below answers 403 to any other role).
    assertCan(principal, 'dossiers.read', input.agencyId);
    const who = actorOfPrincipal(principal);
    const receiving = await this.deps.org().findAgency(input.agencyId);
    if (!who || !receiving) throw notFound();
    const procedure = await this.published(input.procedureCode);
    const now = this.deps.clock();
    const start = snapshotOf(blankRow(receiving.id), procedure.workflow, null);
    const applied = applyAction(start, who, { action: 'receive', note: input.note ?? null }, now);
    if (!applied.ok) {
      if ('denial' in applied) throw forbidden(applied.denial.message);
      throw unprocessable('Không thể tiếp nhận hồ sơ.', applied.problems);
    }
    const resolving = await this.resolvingAgency(receiving, input.forAgencyId, procedure);
    this.formProblems(procedure, input.formData ?? {});
    const { amount, unit } = procedure.processingTime;
    const dueAt = await this.deps
      .calendar()
      .dueAt(now, amount, unit, { agencyId: resolving.id, cutoff: procedure.cutoff });
    const forOther = resolving.id !== receiving.id;
    // Received for another agency: the centre has done the reception step, so the dossier starts on the
    // resolving agency's next step, open to anyone of that step's role there (no one of the centre can hold it).
    const skipReception = forOther && procedure.workflow[0]?.role === RECEPTION_ROLE && procedure.workflow.length > 1;
    const step = forOther ? (skipReception ? 1 : 0) : (applied.dossier.step ?? 0);
    const channel = input.channel ?? 'counter';
    const row = await this.insert(
      {
        ...this.base(procedure, receiving, resolving),
        channel,
        applicant: JSON.stringify(storedApplicant(input.applicant)),
        applicant_citizen_id: null,
        form_data: JSON.stringify(input.formData ?? {}),
        components: JSON.stringify(input.components),
        status: 'received',
        current_step: step,
        step_role: procedure.workflow[step]?.role ?? null,
        assignee_id: !forOther && who.kind === 'staff' ? who.userId : null,
        received_at: now,
        due_at: dueAt,
        original_due_at: dueAt,
        created_by: actor.actorId,
      },
      actor,
      receiving,
      now,
      {
        note: input.note ?? null,
        data: { channel, ...(forOther ? { forAgencyId: resolving.id, forAgencyName: resolving.name } : {}) },
      },
    );
    return {
      code: row.code,
      status: row.status as DossierState,
      receivedAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
      currentAgencyId: row.current_agency_id,
      version: row.version,
    };
  }

  /**
   * Online submission (port, issue 4's portal): state `submitted`, code allocated now, no due date until the
   * one-stop officer accepts it; it must be accepted or sent back within 8 working hours (Nghị định
   * 45/2020/NĐ-CP; article to confirm), stored as `accept_by`.
   */
  async submitOnline(input: OnlineSubmission, inTransaction?: InTransaction) {
    const agency = await this.deps.org().findAgency(input.agencyId);
    if (!agency)
      throw unprocessable('Không có cơ quan này.', [{ field: '/agencyId', message: 'Không có cơ quan này.' }]);
    const procedure = await this.published(input.procedureCode);
    const problems: FieldError[] = [];
    if (!procedure.agencyIds.includes(agency.id))
      problems.push({ field: '/agencyId', message: 'Cơ quan không nằm trong danh sách cơ quan thực hiện thủ tục.' });
    if (procedure.onlineMode === 'truc_tiep')
      problems.push({ field: '/procedureCode', message: 'Thủ tục này chỉ nộp trực tiếp, chưa nhận hồ sơ trực tuyến.' });
    const byComponent = new Map<string, number>();
    for (const f of input.files) byComponent.set(f.component, (byComponent.get(f.component) ?? 0) + 1);
    procedure.components.forEach((c, i) => {
      if (c.required && !c.condition && !byComponent.has(c.name))
        problems.push({ field: `/files/${i}`, message: `Thiếu thành phần bắt buộc: ${c.name}.` });
    });
    if (problems.length > 0) throw unprocessable('Hồ sơ nộp trực tuyến chưa hợp lệ.', problems);
    this.formProblems(procedure, input.formData);
    const now = this.deps.clock();
    const [first, last] = [Number(localIsoDate(now).slice(0, 4)), Number(localIsoDate(now).slice(0, 4)) + 1];
    const cal = await this.deps.calendar().workingCalendar(first, last, { agencyId: agency.id });
    const acceptBy = onlineReceptionDueAt(cal, now);
    const components: StoredComponent[] = [...byComponent].map(([name, copies]) => ({
      name,
      copies,
      form: 'electronic',
      received: true,
    }));
    const actor: ActorContext = {
      actorKind: 'citizen',
      actorId: input.citizenId,
      actorName: input.applicant.name,
      ip: null,
      userAgent: null,
      requestId: null,
    };
    const row = await this.insert(
      {
        ...this.base(procedure, agency, agency),
        channel: 'online',
        applicant: JSON.stringify(storedApplicant(input.applicant)),
        applicant_citizen_id: input.citizenId,
        form_data: JSON.stringify(input.formData),
        components: JSON.stringify(components),
        status: 'submitted',
        current_step: null,
        step_role: null,
        assignee_id: null,
        received_at: now,
        submitted_at: now,
        accept_by: acceptBy,
        due_at: null,
        original_due_at: null,
        created_by: null,
      },
      actor,
      agency,
      now,
      { note: null, data: { channel: 'online', files: input.files, acceptBy: acceptBy.toISOString() } },
      inTransaction,
    );
    return { code: row.code, status: row.status, submittedAt: now.toISOString(), acceptBy: acceptBy.toISOString() };
  }

  private base(procedure: PublishedProcedure, receiving: AgencySummary, resolving: AgencySummary) {
    const { amount, unit } = procedure.processingTime;
    return {
      procedure_id: procedure.procedureId,
      procedure_code: procedure.code,
      procedure_name: procedure.name,
      procedure_revision: procedure.revision,
      processing_time: JSON.stringify({ amount, unit }),
      cutoff: procedure.cutoff,
      receiving_agency_id: receiving.id,
      current_agency_id: resolving.id,
      resume_state: null,
      extended_at: null,
      paused_since: null,
      pauses: '[]',
      result_file_ids: '[]',
    };
  }

  /** Inserts the row with a fresh code, its first event and the audit row, in one transaction. */
  private async insert(
    row: Omit<NewDossier, 'code'>,
    actor: ActorContext,
    receiving: AgencySummary,
    now: Date,
    event: { note: string | null; data: Record<string, unknown> },
    inTransaction?: InTransaction,
  ): Promise<DossierRow> {
    const action = row.status === 'submitted' ? 'submit_online' : 'receive';
    const notice = await this.deps.notifier?.prepare(
      { action: action === 'submit_online' ? 'submit_online' : 'receive', fromStatus: null },
      {
        receivingAgencyId: row.receiving_agency_id,
        applicantCitizenId: row.applicant_citizen_id ?? null,
        receivingAgencyName: receiving.name,
      },
    );
    return this.repo.transaction(async (trx: Transaction<DB>) => {
      const { code } = await allocateDossierCode(trx, receiving.code, now);
      const inserted = await this.repo.insertWithFirstEvent(
        trx,
        { ...row, code },
        {
          action,
          fromStatus: null,
          actorId: actor.actorId,
          actorName: actor.actorName,
          at: now,
          note: event.note,
          reason: null,
          data: event.data,
        },
      );
      // Notifications first: the audit append locks the agency's chain head until commit, so it comes last.
      await notice?.send(trx, inserted, { note: event.note });
      await this.deps.audit().record(
        actor,
        {
          action: `dossier.${action}`,
          entityType: 'dossier',
          entityId: inserted.id,
          agencyId: inserted.current_agency_id,
          after: { code, channel: inserted.channel, receivingAgencyId: inserted.receiving_agency_id },
        },
        trx,
      );
      await inTransaction?.(trx, inserted);
      return inserted;
    });
  }
}
