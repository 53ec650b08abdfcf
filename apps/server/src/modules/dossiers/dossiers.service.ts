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
import { agenciesWith } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { CalendarPort } from '../calendar/calendar.port.js';
import { dayOf, fromLocal, localIsoDate } from '../calendar/local-time.js';
import { nextWorkingDay, type WorkingCalendar } from '../calendar/working-time.js';
import type { OrgPort } from '../org/org.port.js';
import { foldVietnamese } from '../org/org.search.js';
import type { ProceduresPort, PublishedProcedure } from '../procedures/procedures.port.js';
import { checkExtension, mustFlagLateBy, onlineReceptionDueAt } from './dossier-deadline.js';
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
import { actorOfPrincipal, applicantOf, componentsOf, eventView, listItemOf, snapshotOf } from './dossier-view.js';
import { pausePatch } from './dossier-pauses.js';
import type { DossierNotifier } from './dossier-notify.js';
import { InboxCache } from './dossiers.inbox-cache.js';
import { DossierIntake, type InTransaction, type ReceiveInput } from './dossier-intake.js';
import type { OnlineSubmission } from './dossiers.port.js';
import { type DossierPatch, type DossierRow, DossiersRepository, type InboxFilter } from './dossiers.repository.js';

export interface DossiersDeps {
  db: Kysely<DB>;
  audit: () => AuditPort;
  org: () => OrgPort;
  procedures: () => ProceduresPort;
  calendar: () => CalendarPort;
  clock: () => Date;
  /**
   * Checks the result files of `attach_result` (they exist, belong to the dossier, are results): the
   * problems, [] when fine. Wired by the files part of the module (index.ts); absent → not checked.
   */
  resultFiles?: (dossierId: string, ids: string[]) => Promise<FieldError[]>;
  /** Tells the applicant of each milestone (dossier-notify.ts); absent → nothing is sent. */
  notifier?: DossierNotifier;
  /** Inbox answers kept per node (dossiers.inbox-cache.ts); 0 turns the cache off. Default 1,000. */
  inboxCacheEntries?: number;
}

export type { ReceiveInput } from './dossier-intake.js';

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
  procedureCode?: string;
  channel?: 'counter' | 'online' | 'post';
  /** Received on or after this local date (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  receivedFrom?: string;
  /** Received on or before this local date (inclusive). */
  receivedTo?: string;
  limit?: number;
  cursor?: string;
}

/** The inbox's answer (GET /dossiers): one page, the cursor of the next, the urgency counts of the filter. */
export interface InboxAnswer {
  items: ReturnType<typeof listItemOf>[];
  nextCursor: string | null;
  counts: Awaited<ReturnType<DossiersRepository['inbox']>>['counts'];
}

const ACTIVE: DossierState[] = ['submitted', 'supplement_requested', 'received', 'transferred', 'result_ready'];
const yearOf = (d: Date) => Number(localIsoDate(d).slice(0, 4));
/** 401 for anonymous callers before any permission check (403/404). */
function signedIn(principal: Principal | null): void {
  if (!principal) throw unauthorized();
}

export class DossiersService {
  readonly repo: DossiersRepository;
  private readonly intake: DossierIntake;
  readonly inboxCache: InboxCache<InboxAnswer>;
  constructor(private readonly deps: DossiersDeps) {
    this.repo = new DossiersRepository(deps.db);
    this.intake = new DossierIntake(deps, this.repo);
    this.inboxCache = new InboxCache(deps.inboxCacheEntries ?? 1000);
  }

  private calendar(from: Date, to: Date, agencyId?: string): Promise<WorkingCalendar> {
    const [a, b] = [yearOf(from), yearOf(to)].sort((x, y) => x - y) as [number, number];
    return this.deps.calendar().workingCalendar(a, b + 1, { agencyId: agencyId ?? null });
  }

  /** Reception at the counter or by post, also by a centre for another agency (dossier-intake.ts). */
  receive(principal: Principal | null, actor: ActorContext, input: ReceiveInput) {
    return this.intake.receive(principal, actor, input);
  }

  /** Online submission through the port (dossier-intake.ts). */
  submitOnline(input: OnlineSubmission, inTransaction?: InTransaction) {
    return this.intake.submitOnline(input, inTransaction);
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

  /**
   * The inbox: one page in urgency order and the counts. `fresh` (the client sent Cache-Control: no-cache)
   * computes the answer even when the node holds a valid one.
   */
  async list(principal: Principal | null, query: InboxQuery, fresh = false): Promise<InboxAnswer> {
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
      procedureCode: query.procedureCode ?? null,
      channel: query.channel ?? null,
      receivedFrom: query.receivedFrom ? fromLocal(dayOf(query.receivedFrom), 0) : null,
      receivedTo: query.receivedTo ? fromLocal(dayOf(query.receivedTo) + 1, 0) : null,
    };
    const limit = query.limit ?? 50;
    const key = JSON.stringify([filter, limit, query.cursor ?? null]);
    const cached = fresh ? null : this.inboxCache.candidate(key, now, cal);
    if (cached && (await this.repo.inboxVersion(filter.agencyIds)) === cached.version)
      return this.inboxCache.hit(key, cached);
    const endOfToday = fromLocal(dayOf(localIsoDate(now)) + 1, 0);
    const endOfSoon = fromLocal(dayOf(nextWorkingDay(cal, now)) + 1, 0);
    const { rows, counts, version, nextChange } = await this.repo.inbox(filter, limit, decodeCursor(query.cursor), {
      now,
      endOfToday,
      endOfSoon,
    });
    const page = toPage(rows, limit, (r) => ({
      k: (
        r.due_at ??
        (r.status === 'submitted' ? r.accept_by : null) ??
        new Date('9999-12-31T00:00:00Z')
      ).toISOString(),
      id: r.id,
    }));
    const answer: InboxAnswer = {
      items: page.items.map((r) => listItemOf(cal, r, now)),
      nextCursor: page.nextCursor,
      counts,
    };
    const validUntil = nextChange && nextChange < endOfToday ? nextChange : endOfToday;
    this.inboxCache.put(key, { answer, version, computedAt: now, validUntil, calendar: cal });
    return answer;
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
    if (action === 'transfer_to_agency' && input.targetAgencyId)
      problems.push(...(await this.transferProblems(row, input.targetAgencyId)));
    if (action === 'attach_result' && this.deps.resultFiles)
      problems.push(...(await this.deps.resultFiles(row.id, input.resultFileIds ?? [])));
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
    if (action === 'supplement' && next.state === 'submitted' && row.channel === 'online')
      // Supplemented online dossier: a new 8-working-hour acceptance limit (Nghị định 45/2020/NĐ-CP; article to confirm).
      patch.accept_by = onlineReceptionDueAt(cal, now);
    if (action === 'receive') {
      // The officer who accepts holds the reception step unless they give it to someone else.
      if (!input.assigneeId && who.kind === 'staff') patch.assignee_id = who.userId;
      if (row.status === 'submitted') {
        // Online dossier accepted: the processing time runs from the acceptance instant, like a counter
        // reception (Nghị định 45/2020/NĐ-CP; article to confirm). A transferred dossier keeps its due date:
        // the whole inter-agency procedure has one processing time.
        const { amount, unit } = procedure.processingTime;
        const dueAt = await this.deps
          .calendar()
          .dueAt(now, amount, unit, { agencyId: row.current_agency_id, cutoff: row.cutoff });
        Object.assign(patch, { received_at: now, due_at: dueAt, original_due_at: dueAt });
      }
    }
    // Where the actor stands: the responsible agency, or the receiving desk (results returned there).
    const holds = (agencyId: string) => who.kind === 'staff' && who.roles.some((r) => r.agencyId === agencyId);
    const actingAgency =
      !holds(row.current_agency_id) && holds(row.receiving_agency_id) ? row.receiving_agency_id : row.current_agency_id;
    const notice = await this.deps.notifier?.prepare(
      { action, fromStatus: row.status as DossierState },
      { receivingAgencyId: row.receiving_agency_id, applicantCitizenId: row.applicant_citizen_id },
    );
    const updated = await this.repo.transaction(async (trx) => {
      const u = await this.repo.updateWithEvent(trx, row.id, input.version, patch, {
        action,
        fromStatus: row.status,
        actorId: actor.actorId,
        actorName: actor.actorName,
        agencyId: actingAgency,
        at: now,
        note: command.note ?? null,
        reason: command.reason ?? null,
        data: {
          ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
          ...(input.targetAgencyId ? { targetAgencyId: input.targetAgencyId } : {}),
          ...(input.returnMethod ? { returnMethod: input.returnMethod } : {}),
          ...(input.resultFileIds ? { resultFileIds: input.resultFileIds } : {}),
          ...(newDueAt ? { newDueAt: newDueAt.toISOString(), previousDueAt: row.due_at?.toISOString() ?? null } : {}),
        },
      });
      if (!u) throw staleVersion('Hồ sơ');
      // Notifications first: the audit append locks the agency's chain head until commit, so it comes last.
      await notice?.send(trx, u, {
        reason: command.reason ?? null,
        note: command.note ?? null,
        returnMethod: input.returnMethod ?? null,
        previousDueAt: row.due_at,
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

  /**
   * Liên thông (Nghị định 118/2025/NĐ-CP, cơ chế một cửa liên thông; article to confirm): a dossier is
   * transferred to another agency of the same province (same top-level ancestor); its one-stop officer
   * receives it and works it through the same procedure revision's workflow; the result goes back through
   * the desk that received it first (`receiving_agency_id`, which keeps seeing it).
   */
  private async transferProblems(row: DossierRow, targetAgencyId: string): Promise<FieldError[]> {
    const [target, current] = await Promise.all([
      this.deps.org().findAgency(targetAgencyId),
      this.deps.org().findAgency(row.current_agency_id),
    ]);
    if (!target) return [{ field: '/targetAgencyId', message: 'Không có cơ quan này.' }];
    if (!current || (await this.intake.provinceOf(target)) !== (await this.intake.provinceOf(current)))
      return [{ field: '/targetAgencyId', message: 'Chỉ chuyển liên thông cho cơ quan trong cùng tỉnh.' }];
    return [];
  }

  /** The row and procedure for the papers (same visibility as the detail). */
  async forPaper(principal: Principal | null, code: string) {
    const row = await this.visible(principal, code);
    return { row, procedure: await this.procedureOf(row) };
  }
}
