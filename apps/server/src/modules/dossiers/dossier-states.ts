import type { FieldError } from '../../http/errors.js';
import {
  ACTIONS,
  type ActorRule,
  DOSSIER_ACTIONS,
  type DossierAction,
  type DossierState,
  type StaffRoleKind,
} from './dossier-actions.js';

export * from './dossier-actions.js';

/**
 * The dossier state machine: pure functions over a snapshot of a dossier and an actor. The table
 * of states and actions (with legal citations) is dossier-actions.ts; this file reads it.
 *
 * Workflow: the procedure's ordered steps (procedures.workflow: key, name, role, share %, isApproval).
 * `receive` puts the dossier on step 0; the holder of a step `forward`s it to the next one, or
 * `approve`s it when the step is an approval step; `return_to_previous_step` goes back one step
 * with a reason. Once every approval step is behind (or, without approval steps, on the last
 * step) the result can be attached, then handed over (`return_result`).
 */

export interface WorkflowStep {
  key: string;
  name: string;
  /** Role kind that works this step (can_bo_mot_cua, chuyen_vien, lanh_dao, or another role code). */
  role: string;
  /** Share of the total processing time (relative weight; procedures use percentages adding to 100). */
  share: number;
  isApproval: boolean;
}

export interface DossierSnapshot {
  state: DossierState;
  /** Agency responsible now (changes on transfer_to_agency). */
  agencyId: string;
  /** One-stop agency that received the dossier first; results go back through it. */
  receivingAgencyId: string;
  /** Citizen account of the applicant (online), or null (counter, post). */
  applicantCitizenId: string | null;
  workflow: readonly WorkflowStep[];
  /** Index of the current workflow step while received; null before reception and after transfer. */
  step: number | null;
  /** Officer holding the current step, or null (anyone of the step's role in the agency). */
  assigneeId: string | null;
  /** The last step is an approval step and it has been approved. */
  approved: boolean;
  /** While supplement_requested: the state to go back to once the applicant supplements. */
  resumeState: 'submitted' | 'received' | null;
  dueAt: Date | null;
  /** The deadline has been extended once (Mẫu 04); it cannot be extended again. */
  extended: boolean;
  /** Last instant to ask for the extension (dossier-deadline.ts mustFlagLateBy(dueAt)); null = not known. */
  extendBy: Date | null;
}

export interface StaffRole {
  role: StaffRoleKind;
  agencyId: string;
}

export type DossierActor =
  { kind: 'citizen'; citizenId: string } | { kind: 'staff'; userId: string; roles: readonly StaffRole[] };

export type ReturnMethod = 'counter' | 'post' | 'online';
export const RETURN_METHODS: readonly ReturnMethod[] = ['counter', 'post', 'online'];

export interface DossierCommand {
  action: DossierAction;
  reason?: string | null;
  note?: string | null;
  assigneeId?: string | null;
  targetAgencyId?: string | null;
  resultFileIds?: readonly string[] | null;
  returnMethod?: ReturnMethod | null;
  newDueAt?: Date | null;
}

export type DenialCode = 'wrong_state' | 'not_permitted' | 'extension_used' | 'extension_too_late';
export interface Denial {
  code: DenialCode;
  message: string;
}

export const MAX_TEXT = 2000;

export function currentStep(d: DossierSnapshot): WorkflowStep | null {
  return d.step === null ? null : (d.workflow[d.step] ?? null);
}

function lastApprovalIndex(workflow: readonly WorkflowStep[]): number {
  for (let i = workflow.length - 1; i >= 0; i--) if (workflow[i]?.isApproval) return i;
  return -1;
}

/** Every approval step is behind (or approved); without approval steps: the dossier is on the last step. */
export function approvalsDone(d: DossierSnapshot): boolean {
  if (d.step === null) return false;
  const last = lastApprovalIndex(d.workflow);
  if (last < 0) return d.step === d.workflow.length - 1;
  return d.step > last || (d.step === last && d.approved);
}

/** Extra conditions of an action beyond `from`: null when the dossier's state allows it. */
function stateProblem(action: DossierAction, d: DossierSnapshot): string | null {
  const step = currentStep(d);
  switch (action) {
    case 'receive':
    case 'request_supplement':
    case 'transfer_to_agency':
    case 'return_result':
    case 'reject':
    case 'supplement':
      return null;
    case 'refuse':
    case 'withdraw':
      return d.state === 'supplement_requested' && d.resumeState !== 'submitted'
        ? 'Hồ sơ đã được tiếp nhận; không thể thực hiện thao tác này.'
        : null;
    case 'stop':
      return d.state === 'supplement_requested' && d.resumeState !== 'received'
        ? 'Hồ sơ chưa được tiếp nhận; người nộp có thể rút hồ sơ.'
        : null;
    case 'forward':
      if (!step || d.step === null) return 'Hồ sơ không ở bước nào của quy trình.';
      if (step.isApproval) return 'Bước hiện tại là bước phê duyệt.';
      return d.step >= d.workflow.length - 1 ? 'Đây là bước cuối của quy trình.' : null;
    case 'return_to_previous_step':
      return d.step === null || d.step === 0 ? 'Hồ sơ đang ở bước đầu của quy trình.' : null;
    case 'approve':
      if (!step?.isApproval) return 'Bước hiện tại không phải bước phê duyệt.';
      return d.approved ? 'Hồ sơ đã được phê duyệt.' : null;
    case 'attach_result':
      return approvalsDone(d) ? null : 'Hồ sơ chưa qua đủ các bước xử lý, phê duyệt.';
    case 'extend_deadline':
      if (d.dueAt === null) return 'Hồ sơ chưa có hạn giải quyết.';
      return d.state === 'supplement_requested' && d.resumeState !== 'received' ? 'Hồ sơ chưa được tiếp nhận.' : null;
  }
}

function fits(rule: ActorRule, d: DossierSnapshot, actor: DossierActor): boolean {
  if (rule.onlyIn && !rule.onlyIn.includes(d.state)) return false;
  if (rule.scope === 'applicant')
    return actor.kind === 'citizen' && d.applicantCitizenId !== null && actor.citizenId === d.applicantCitizenId;
  if (actor.kind !== 'staff') return false;
  switch (rule.scope) {
    case 'agency':
      return actor.roles.some((r) => r.role === rule.role && r.agencyId === d.agencyId);
    case 'desk':
      return actor.roles.some(
        (r) => r.role === rule.role && (r.agencyId === d.agencyId || r.agencyId === d.receivingAgencyId),
      );
    case 'step': {
      const step = currentStep(d);
      if (!step) return false;
      const holds = actor.roles.some((r) => r.role === step.role && r.agencyId === d.agencyId);
      return holds && (d.assigneeId === null || d.assigneeId === actor.userId);
    }
  }
}

/** Why `actor` may not take `action` on `d` at `now`, or null when they may. */
export function denial(d: DossierSnapshot, actor: DossierActor, action: DossierAction, now: Date): Denial | null {
  const spec = ACTIONS[action];
  if (!spec.from.includes(d.state))
    return { code: 'wrong_state', message: `Không thể "${spec.label}" khi hồ sơ ở trạng thái hiện tại.` };
  const problem = stateProblem(action, d);
  if (problem) return { code: 'wrong_state', message: problem };
  if (!spec.who.some((rule) => fits(rule, d, actor)))
    return { code: 'not_permitted', message: `Bạn không được giao thực hiện thao tác "${spec.label}" với hồ sơ này.` };
  if (action === 'extend_deadline') {
    if (d.extended)
      return { code: 'extension_used', message: 'Hồ sơ đã được gia hạn một lần; không thể gia hạn thêm.' };
    if (d.extendBy === null || now.getTime() > d.extendBy.getTime())
      return {
        code: 'extension_too_late',
        message: 'Đã quá thời điểm phải báo trễ hạn (chậm nhất 01 ngày làm việc trước hạn giải quyết).',
      };
  }
  return null;
}

/** Exactly the actions `actor` may take on `d` now, in the order of DOSSIER_ACTIONS. */
export function allowedActions(d: DossierSnapshot, actor: DossierActor, now: Date): DossierAction[] {
  return DOSSIER_ACTIONS.filter((a) => denial(d, actor, a, now) === null);
}

function blank(v: string | null | undefined): boolean {
  return v === undefined || v === null || v.trim() === '';
}

/** Missing or invalid fields of a command (Vietnamese messages; empty when valid). */
export function commandProblems(d: DossierSnapshot, c: DossierCommand): FieldError[] {
  const spec = ACTIONS[c.action];
  const problems: FieldError[] = [];
  const need = (f: string) => spec.required.includes(f as never);
  for (const field of ['reason', 'note'] as const) {
    const value = c[field];
    if (need(field) && blank(value))
      problems.push({ field: `/${field}`, message: field === 'reason' ? 'Cần nêu rõ lý do.' : 'Cần ghi chú.' });
    else if (value && value.length > MAX_TEXT)
      problems.push({ field: `/${field}`, message: `Tối đa ${MAX_TEXT} ký tự.` });
  }
  if (need('targetAgencyId')) {
    if (blank(c.targetAgencyId)) problems.push({ field: '/targetAgencyId', message: 'Cần chọn cơ quan nhận hồ sơ.' });
    else if (c.targetAgencyId === d.agencyId)
      problems.push({ field: '/targetAgencyId', message: 'Cơ quan nhận phải khác cơ quan đang giải quyết.' });
  }
  if (need('resultFileIds') && (!c.resultFileIds || c.resultFileIds.length === 0))
    problems.push({ field: '/resultFileIds', message: 'Cần đính kèm ít nhất một tệp kết quả.' });
  if (need('returnMethod') && (!c.returnMethod || !RETURN_METHODS.includes(c.returnMethod)))
    problems.push({ field: '/returnMethod', message: 'Cần chọn hình thức trả kết quả.' });
  if (need('newDueAt')) {
    if (!c.newDueAt || Number.isNaN(c.newDueAt.getTime()))
      problems.push({ field: '/newDueAt', message: 'Cần hẹn ngày trả kết quả mới.' });
    else if (d.dueAt && c.newDueAt.getTime() <= d.dueAt.getTime())
      problems.push({ field: '/newDueAt', message: 'Ngày hẹn mới phải sau hạn giải quyết hiện tại.' });
  }
  if (c.action === 'receive' && d.workflow.length === 0)
    problems.push({ field: '/workflow', message: 'Thủ tục chưa có quy trình xử lý.' });
  return problems;
}

/** The dossier after the action (assumes denial() and commandProblems() found nothing). */
export function transition(d: DossierSnapshot, c: DossierCommand): DossierSnapshot {
  const assignee = c.assigneeId ?? null;
  switch (c.action) {
    case 'receive':
      return { ...d, state: 'received', step: 0, assigneeId: assignee, approved: false, resumeState: null };
    case 'request_supplement':
      return { ...d, state: 'supplement_requested', resumeState: d.state === 'received' ? 'received' : 'submitted' };
    case 'supplement':
      return { ...d, state: d.resumeState ?? 'submitted', resumeState: null };
    case 'refuse':
      return { ...d, state: 'refused', resumeState: null };
    case 'forward':
      return { ...d, step: (d.step ?? 0) + 1, assigneeId: assignee, approved: false };
    case 'return_to_previous_step':
      return { ...d, step: Math.max((d.step ?? 0) - 1, 0), assigneeId: null, approved: false };
    case 'transfer_to_agency':
      return {
        ...d,
        state: 'transferred',
        agencyId: c.targetAgencyId ?? d.agencyId,
        step: null,
        assigneeId: null,
        approved: false,
      };
    case 'approve': {
      const step = d.step ?? 0;
      return step < d.workflow.length - 1
        ? { ...d, step: step + 1, assigneeId: assignee, approved: false }
        : { ...d, approved: true };
    }
    case 'attach_result':
      return { ...d, state: 'result_ready', assigneeId: null };
    case 'return_result':
      return { ...d, state: 'returned' };
    case 'withdraw':
      return { ...d, state: 'withdrawn', resumeState: null };
    case 'reject':
      return { ...d, state: 'rejected' };
    case 'stop':
      return { ...d, state: 'stopped', resumeState: null };
    case 'extend_deadline':
      return { ...d, dueAt: c.newDueAt ?? d.dueAt, extended: true, extendBy: null };
  }
}

export type ApplyResult =
  { ok: true; dossier: DossierSnapshot } | { ok: false; denial: Denial } | { ok: false; problems: FieldError[] };

/** Checks who/when, then the fields, then applies the action. */
export function applyAction(d: DossierSnapshot, actor: DossierActor, c: DossierCommand, now: Date): ApplyResult {
  const denied = denial(d, actor, c.action, now);
  if (denied) return { ok: false, denial: denied };
  const problems = commandProblems(d, c);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, dossier: transition(d, c) };
}
