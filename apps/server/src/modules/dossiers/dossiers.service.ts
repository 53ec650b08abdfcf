import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  AppError,
  conflict,
  type FieldError,
  forbidden,
  notFound,
  staleVersion,
  unauthorized,
  unprocessable,
} from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { agenciesWith, assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { CalendarPort } from '../calendar/calendar.port.js';
import { dayOf, fromLocal, localIsoDate } from '../calendar/local-time.js';
import { nextWorkingDay, type WorkingCalendar } from '../calendar/working-time.js';
import type { OrgPort } from '../org/org.port.js';
import { foldVietnamese } from '../org/org.search.js';
import type { ProceduresPort, PublishedProcedure } from '../procedures/procedures.port.js';
import { allocateDossierCode } from './dossier-code.repository.js';
import { checkExtension, mustFlagLateBy } from './dossier-deadline.js';
import {
  ACTIONS,
  allowedActions,
  applyAction,
  type DossierAction,
  type DossierCommand,
  type DossierState,
  type ReturnMethod,
  STATE_INFO,
} from './dossier-states.js';
import {
  actorOfPrincipal,
  applicantOf,
  componentsOf,
  eventView,
  listItemOf,
  snapshotOf,
  type StoredComponent,
} from './dossier-view.js';
import { pausePatch } from './dossier-pauses.js';
import { type DossierPatch, type DossierRow, DossiersRepository, type InboxFilter } from './dossiers.repository.js';

export interface DossiersDeps {
  db: Kysely<DB>;
  audit: () => AuditPort;
  org: () => OrgPort;
  procedures: () => ProceduresPort;
  calendar: () => CalendarPort;
  clock: () => Date;
}

export interface ReceiveInput {
  procedureCode: string;
  agencyId: string;
  applicant: { name: string; idNumber?: string; phone?: string; email?: string; address?: string };
  components: { name: string; copies: number; form: StoredComponent['form']; received: boolean }[];
  formData?: Record<string, unknown>;
  note?: string;
}

export interface ActionInput {
  version: number;
  note?: string;
  reason?: string;
  assigneeId?: string;
  targetAgencyId?: string;
  resultFileIds?: string[];
  returnMethod?: ReturnMethod;
  newDueAt?: string;
}

export interface InboxQuery {
  scope?: 'mine' | 'department' | 'agency';
  status?: DossierState[];
  q?: string;
  limit?: number;
  cursor?: string;
}

const ACTIVE: DossierState[] = ['submitted', 'supplement_requested', 'received', 'transferred', 'result_ready'];
const yearOf = (d: Date) => Number(localIsoDate(d).slice(0, 4));
/** 401 for anonymous callers before any permission check (403/404). */
function signedIn(principal: Principal | null): void {
  if (!principal) throw unauthorized();
}
const blankToNull = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

export class DossiersService {
  readonly repo: DossiersRepository;
  constructor(private readonly deps: DossiersDeps) {
    this.repo = new DossiersRepository(deps.db);
  }

  private calendar(from: Date, to: Date, agencyId?: string): Promise<WorkingCalendar> {
    const [a, b] = [yearOf(from), yearOf(to)].sort((x, y) => x - y) as [number, number];
    return this.deps.calendar().workingCalendar(a, b + 1, { agencyId: agencyId ?? null });
  }

  /**
   * Reception at the counter (tiếp nhận trực tiếp, Nghị định 118/2025/NĐ-CP; article to confirm): the
   * code is allocated in the same transaction as the row (dossier-code.repository.ts), the due date is
   * computed from the reception instant with the working-day calendar (dossier-deadline.ts).
   */
  async receive(principal: Principal | null, actor: ActorContext, input: ReceiveInput) {
    signedIn(principal);
    // Seeing the agency's dossiers is the permission; receiving is the one-stop officer's role there
    // (the state machine's `receive` rule below answers 403 to any other role).
    assertCan(principal, 'dossiers.read', input.agencyId);
    const who = actorOfPrincipal(principal);
    const agency = await this.deps.org().findAgency(input.agencyId);
    if (!who || !agency) throw notFound();
    const procedure = await this.deps.procedures().findPublished(input.procedureCode);
    if (!procedure)
      throw unprocessable('Thủ tục không tồn tại hoặc chưa được công bố.', [
        { field: '/procedureCode', message: 'Không có thủ tục đang áp dụng với mã này.' },
      ]);
    if (!procedure.agencyIds.includes(agency.id))
      throw unprocessable('Cơ quan này không thực hiện thủ tục đã chọn.', [
        { field: '/agencyId', message: 'Cơ quan không nằm trong danh sách cơ quan thực hiện thủ tục.' },
      ]);
    const now = this.deps.clock();
    const start = snapshotOf(this.blankRow(agency.id), procedure.workflow, null);
    const applied = applyAction(start, who, { action: 'receive', note: input.note ?? null }, now);
    if (!applied.ok) {
      if ('denial' in applied) throw forbidden(applied.denial.message);
      throw unprocessable('Không thể tiếp nhận hồ sơ.', applied.problems);
    }
    const { amount, unit } = procedure.processingTime;
    const dueAt = await this.deps
      .calendar()
      .dueAt(now, amount, unit, { agencyId: agency.id, cutoff: procedure.cutoff });
    const a = input.applicant;
    const applicant = {
      name: a.name.trim(),
      name_search: foldVietnamese(a.name),
      id_number: blankToNull(a.idNumber),
      phone: blankToNull(a.phone)?.replace(/[^\d+]/g, '') ?? null,
      email: blankToNull(a.email),
      address: blankToNull(a.address),
    };
    const step = applied.dossier.step ?? 0;
    const row = await this.repo.transaction(async (trx) => {
      const { code } = await allocateDossierCode(trx, agency.code, now);
      const inserted = await this.repo.insert(trx, {
        code,
        procedure_id: procedure.procedureId,
        procedure_code: procedure.code,
        procedure_name: procedure.name,
        procedure_revision: procedure.revision,
        processing_time: JSON.stringify({ amount, unit }),
        cutoff: procedure.cutoff,
        receiving_agency_id: agency.id,
        current_agency_id: agency.id,
        channel: 'counter',
        applicant: JSON.stringify(applicant),
        applicant_citizen_id: null,
        form_data: JSON.stringify(input.formData ?? {}),
        components: JSON.stringify(input.components),
        status: applied.dossier.state,
        resume_state: null,
        current_step: step,
        step_role: procedure.workflow[step]?.role ?? null,
        assignee_id: who.kind === 'staff' ? who.userId : null,
        received_at: now,
        due_at: dueAt,
        original_due_at: dueAt,
        extended_at: null,
        paused_since: null,
        pauses: '[]',
        result_file_ids: '[]',
        created_by: actor.actorId,
      });
      await this.repo.addEvent(trx, {
        dossierId: inserted.id,
        action: 'receive',
        fromStatus: null,
        toStatus: inserted.status,
        actorId: actor.actorId,
        actorName: actor.actorName,
        agencyId: agency.id,
        at: now,
        note: input.note ?? null,
        reason: null,
        step,
        data: { channel: 'counter' },
      });
      await this.deps.audit().record(
        actor,
        {
          action: 'dossier.receive',
          entityType: 'dossier',
          entityId: inserted.id,
          agencyId: agency.id,
          after: { code },
        },
        trx,
      );
      return inserted;
    });
    return {
      code: row.code,
      status: row.status as DossierState,
      receivedAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
      version: row.version,
    };
  }

  private blankRow(agencyId: string): DossierRow {
    return {
      status: 'submitted',
      current_agency_id: agencyId,
      receiving_agency_id: agencyId,
      applicant_citizen_id: null,
      current_step: null,
      assignee_id: null,
      approved: false,
      resume_state: null,
      due_at: null,
      extended: false,
    } as DossierRow;
  }

  /** A dossier the caller may read: its responsible or its receiving agency (403 nowhere, 404 not here). */
  private async visible(principal: Principal | null, code: string): Promise<DossierRow> {
    signedIn(principal);
    const ids = agenciesWith(principal, 'dossiers.read');
    if (ids.size === 0) throw forbidden();
    const row = await this.repo.findByCode(code);
    if (!row || !(ids.has(row.current_agency_id) || ids.has(row.receiving_agency_id))) throw notFound();
    return row;
  }

  private async procedureOf(row: DossierRow): Promise<PublishedProcedure> {
    const p = await this.deps.procedures().findRevision(row.procedure_id, row.procedure_revision);
    if (!p) throw new AppError(500, 'procedure_missing', 'Không tìm thấy phiên bản thủ tục của hồ sơ.');
    return p;
  }

  async get(principal: Principal | null, code: string) {
    const row = await this.visible(principal, code);
    const procedure = await this.procedureOf(row);
    const now = this.deps.clock();
    const cal = await this.calendar(row.received_at, row.due_at ?? now, row.current_agency_id);
    const who = actorOfPrincipal(principal);
    const extendBy = row.due_at ? mustFlagLateBy(cal, row.due_at) : null;
    const snapshot = snapshotOf(row, procedure.workflow, extendBy);
    const events = await this.repo.events(row.id);
    const a = applicantOf(row);
    const step = row.current_step === null ? null : procedure.workflow[row.current_step];
    const calNow = await this.calendar(now, now, row.current_agency_id);
    return {
      ...listItemOf(calNow, row, now),
      procedureRevision: row.procedure_revision,
      receivingAgencyId: row.receiving_agency_id,
      applicant: { name: a.name, idNumber: a.id_number, phone: a.phone, email: a.email, address: a.address },
      formData: row.form_data as Record<string, unknown>,
      components: componentsOf(row),
      step: step ? { index: row.current_step ?? 0, key: step.key, name: step.name, role: step.role } : null,
      originalDueAt: row.original_due_at ? row.original_due_at.toISOString() : null,
      extended: row.extended,
      workflow: procedure.workflow.map((s) => ({ key: s.key, name: s.name, role: s.role, isApproval: s.isApproval })),
      allowedActions: who ? allowedActions(snapshot, who, now) : [],
      events: events.map(eventView),
    };
  }

  async list(principal: Principal | null, query: InboxQuery) {
    signedIn(principal);
    const ids = agenciesWith(principal, 'dossiers.read');
    if (ids.size === 0) throw forbidden();
    const now = this.deps.clock();
    const cal = await this.calendar(now, now);
    const roles =
      principal && principal.kind !== 'citizen'
        ? principal.grants.map((g) => ({ role: g.roleCode, agencyIds: g.agencyIds.filter((id) => ids.has(id)) }))
        : [];
    const filter: InboxFilter = {
      agencyIds: [...ids],
      scope: query.scope ?? 'agency',
      userId: principal?.kind === 'staff' ? principal.userId : null,
      roles,
      statuses: query.status && query.status.length > 0 ? query.status : ACTIVE,
      q: query.q && query.q.trim() !== '' ? foldVietnamese(query.q) : null,
    };
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(filter, limit, decodeCursor(query.cursor));
    const endOfToday = fromLocal(dayOf(localIsoDate(now)) + 1, 0);
    const endOfSoon = fromLocal(dayOf(nextWorkingDay(cal, now)) + 1, 0);
    const counts = await this.repo.urgencyCounts(filter, { now, endOfToday, endOfSoon });
    const page = toPage(rows, limit, (r) => ({
      k: (r.due_at ?? new Date('9999-12-31T00:00:00Z')).toISOString(),
      id: r.id,
    }));
    return { items: page.items.map((r) => listItemOf(cal, r, now)), nextCursor: page.nextCursor, counts };
  }

  /** One action of the state machine (dossier-actions.ts), with optimistic locking on `version`. */
  async act(principal: Principal | null, actor: ActorContext, code: string, action: DossierAction, input: ActionInput) {
    const row = await this.visible(principal, code);
    const who = actorOfPrincipal(principal);
    if (!who) throw forbidden();
    if (row.version !== input.version) throw staleVersion('Hồ sơ');
    const procedure = await this.procedureOf(row);
    const now = this.deps.clock();
    const cal = await this.calendar(
      row.received_at,
      row.due_at && row.due_at > now ? row.due_at : now,
      row.current_agency_id,
    );
    const extendBy = row.due_at ? mustFlagLateBy(cal, row.due_at) : null;
    const snapshot = snapshotOf(row, procedure.workflow, extendBy);
    const newDueAt = input.newDueAt ? new Date(input.newDueAt) : null;
    const command: DossierCommand = {
      action,
      reason: input.reason ?? null,
      note: input.note ?? null,
      assigneeId: input.assigneeId ?? null,
      targetAgencyId: input.targetAgencyId ?? null,
      resultFileIds: input.resultFileIds ?? null,
      returnMethod: input.returnMethod ?? null,
      newDueAt,
    };
    const applied = applyAction(snapshot, who, command, now);
    if (!applied.ok) {
      if ('problems' in applied) throw unprocessable('Thông tin chưa đầy đủ hoặc chưa hợp lệ.', applied.problems);
      if (applied.denial.code === 'not_permitted') throw forbidden(applied.denial.message);
      throw conflict(applied.denial.message, applied.denial.code);
    }
    const next = applied.dossier;
    const problems: FieldError[] = [];
    if (
      action === 'transfer_to_agency' &&
      input.targetAgencyId &&
      !(await this.deps.org().findAgency(input.targetAgencyId))
    )
      problems.push({ field: '/targetAgencyId', message: 'Không có cơ quan này.' });
    const nextStep = next.step === null ? null : procedure.workflow[next.step];
    if (input.assigneeId && ACTIONS[action].optional.includes('assigneeId')) {
      const grants = await this.deps.org().getGrants(input.assigneeId);
      if (!nextStep || !grants.some((g) => g.roleCode === nextStep.role && g.agencyIds.includes(next.agencyId)))
        problems.push({
          field: '/assigneeId',
          message: 'Người được giao không có vai trò của bước này trong cơ quan.',
        });
    }
    if (action === 'extend_deadline' && row.due_at && newDueAt) {
      const check = checkExtension(cal, { dueAt: row.due_at, extended: row.extended }, newDueAt, now);
      if (!check.ok) problems.push({ field: '/newDueAt', message: check.message });
    }
    if (problems.length > 0) throw unprocessable('Thông tin chưa đầy đủ hoặc chưa hợp lệ.', problems);

    const patch: DossierPatch = {
      status: next.state,
      resume_state: next.resumeState,
      current_step: next.step,
      step_role: nextStep?.role ?? null,
      current_agency_id: next.agencyId,
      approved: next.approved,
      assignee_id: next.assigneeId,
    };
    Object.assign(patch, pausePatch(cal, row, next.state, now));
    if (action === 'attach_result') patch.result_file_ids = JSON.stringify(input.resultFileIds ?? []);
    if (action === 'extend_deadline' && newDueAt)
      Object.assign(patch, { due_at: newDueAt, extended: true, extended_at: now });
    const updated = await this.repo.transaction(async (trx) => {
      const u = await this.repo.update(trx, row.id, input.version, patch, now);
      if (!u) throw staleVersion('Hồ sơ');
      await this.repo.addEvent(trx, {
        dossierId: row.id,
        action,
        fromStatus: row.status,
        toStatus: u.status,
        actorId: actor.actorId,
        actorName: actor.actorName,
        agencyId: row.current_agency_id,
        at: now,
        note: command.note ?? null,
        reason: command.reason ?? null,
        step: u.current_step,
        data: {
          ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
          ...(input.targetAgencyId ? { targetAgencyId: input.targetAgencyId } : {}),
          ...(input.returnMethod ? { returnMethod: input.returnMethod } : {}),
          ...(input.resultFileIds ? { resultFileIds: input.resultFileIds } : {}),
          ...(newDueAt ? { newDueAt: newDueAt.toISOString(), previousDueAt: row.due_at?.toISOString() ?? null } : {}),
        },
      });
      await this.deps.audit().record(
        actor,
        {
          action: `dossier.${action}`,
          entityType: 'dossier',
          entityId: row.id,
          agencyId: row.current_agency_id,
          before: { status: row.status, step: row.current_step, version: row.version },
          after: { status: u.status, step: u.current_step, version: u.version },
        },
        trx,
      );
      return u;
    });
    return {
      code: updated.code,
      status: updated.status as DossierState,
      statusLabel: STATE_INFO[updated.status as DossierState].label,
      version: updated.version,
      dueAt: updated.due_at ? updated.due_at.toISOString() : null,
    };
  }

  /** The row and procedure for the papers (same visibility as the detail). */
  async forPaper(principal: Principal | null, code: string) {
    const row = await this.visible(principal, code);
    return { row, procedure: await this.procedureOf(row) };
  }
}
