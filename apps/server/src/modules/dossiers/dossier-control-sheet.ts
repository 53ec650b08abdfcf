import { localIsoDate } from '../calendar/local-time.js';
import type { WorkingCalendar } from '../calendar/working-time.js';
import type { HandoverOutcome } from '../papers/index.js';
import { type DeadlineInput, type PauseInterval, type ProcessingTime, stepDueDates } from './dossier-deadline.js';
import type { WorkflowStep } from './dossier-states.js';

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Thông tư 03/2025/TT-VPCP, Phụ lục I, Mẫu số 06; article to confirm):
 * every hand-over of the dossier, who gave it, who took it, when, the share of the time that person had (the
 * workflow step's due instant, dossier-deadline.ts stepDueDates: pauses while waiting for the applicant are not
 * counted) and whether it was done on time. Computed from the event log, never stored. Pure.
 *
 * Rows:
 * - `receive`: the applicant hands the dossier to the one-stop officer, step 0 starts (after an inter-agency
 *   transfer: the sending agency hands it to the receiving agency's step 0);
 * - `forward`, `approve` (when it moves to the next step), `return_to_previous_step`: the step ends, the next starts;
 * - `transfer_to_agency`: the step ends; a transfer row runs until the other agency receives it (no share of time);
 * - `attach_result`: the processing ends; the result goes to the one-stop desk, due with the dossier, until
 *   `return_result` hands it to the applicant;
 * - `refuse`, `reject`, `stop`, `withdraw` end the open row; supplement requests, supplements, a last-step approval
 *   and the one-time extension are written in the open row's note.
 * With the extension (Mẫu số 04), rows handed over after it are due by the new date's shares; earlier rows keep
 * their original shares. After a transfer, the receiving agency's steps use the same clock (the dossier's one
 * processing time).
 */

export interface ControlEvent {
  seq: number;
  action: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  agencyId: string | null;
  step: number | null;
  note: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export interface ControlSheetInput {
  events: readonly ControlEvent[];
  workflow: readonly WorkflowStep[];
  receivedAt: Date;
  processingTime: ProcessingTime;
  cutoff: string | null;
  /** Closed pauses and, while waiting for the applicant, the open one (`to` null). */
  pauses: readonly PauseInterval[];
  /** The one-time extension: when it was granted and the new due instant it set. */
  extension: { at: Date; newDueAt: Date } | null;
  /** The dossier's due instant in force (after pauses and extension). */
  dueAt: Date | null;
  applicantName: string;
  receivingAgencyId: string;
  /** Full names of the staff involved, by user id (falls back to the event's actor name). */
  people: ReadonlyMap<string, string>;
  /** Agency names by id. */
  agencies: ReadonlyMap<string, string>;
  now: Date;
}

export interface ControlRow {
  /** Workflow step index, or null for the transfer and result-return rows. */
  step: number | null;
  stepName: string;
  fromName: string;
  fromAgencyName: string | null;
  /** The person who took the dossier, or the role of the step when nobody in particular. */
  toName: string;
  toAgencyName: string | null;
  handedAt: Date;
  dueAt: Date | null;
  doneAt: Date | null;
  /** Done by its due instant; false also while still open past it; null while open in time or without a due. */
  onTime: boolean | null;
  note: string | null;
}

export const ROLE_LABELS: Record<string, string> = {
  can_bo_mot_cua: 'Bộ phận Một cửa',
  chuyen_vien: 'Chuyên viên xử lý',
  lanh_dao: 'Lãnh đạo cơ quan',
};
export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;

const RESULT_RETURN = 'Trả kết quả cho tổ chức, cá nhân';
const TRANSFER = 'Chuyển hồ sơ liên thông';

function onTimeOf(row: Pick<ControlRow, 'dueAt' | 'doneAt'>, now: Date): boolean | null {
  if (!row.dueAt) return null;
  if (row.doneAt) return row.doneAt.getTime() <= row.dueAt.getTime();
  return now.getTime() > row.dueAt.getTime() ? false : null;
}

/** Trước hạn (done on a day before the due day), đúng hạn, quá hạn — for Mẫu số 06; undefined while open. */
export function outcomeOf(row: Pick<ControlRow, 'dueAt' | 'doneAt'>): HandoverOutcome | undefined {
  if (!row.doneAt || !row.dueAt) return undefined;
  if (row.doneAt.getTime() > row.dueAt.getTime()) return 'late';
  return localIsoDate(row.doneAt) < localIsoDate(row.dueAt) ? 'early' : 'on_time';
}

export function controlSheet(cal: WorkingCalendar, input: ControlSheetInput): ControlRow[] {
  const base: DeadlineInput = {
    receivedAt: input.receivedAt,
    processingTime: input.processingTime,
    cutoff: input.cutoff,
    pauses: input.pauses,
  };
  const shares = input.workflow.map((s) => s.share);
  const original = stepDueDates(cal, base, shares, input.now);
  const extended = input.extension
    ? stepDueDates(cal, { ...base, extension: input.extension }, shares, input.now)
    : null;
  const ext = input.extension;
  const stepDue = (step: number, handedAt: Date): Date | null => {
    const dues = extended && ext && handedAt.getTime() >= ext.at.getTime() ? extended : original;
    // The last step is due with the dossier: use the due date in force (it already carries pauses and extension).
    if (step === input.workflow.length - 1 && input.dueAt) return input.dueAt;
    return dues[step] ?? input.dueAt;
  };
  const person = (id: unknown, fallback: string | null): string | null =>
    (typeof id === 'string' ? input.people.get(id) : undefined) ?? fallback;
  const agencyName = (id: string | null | undefined) => (id ? (input.agencies.get(id) ?? null) : null);
  const actor = (e: ControlEvent) => person(e.actorId, e.actorName) ?? '';

  const rows: ControlRow[] = [];
  // The row of the step in progress (an object so that the closures below and the loop share it).
  const cur: { open: ControlRow | null } = { open: null };
  let agencyId: string | null = input.receivingAgencyId;
  const close = (at: Date) => {
    if (cur.open) cur.open.doneAt = at;
    cur.open = null;
  };
  const addNote = (text: string) => {
    if (cur.open) cur.open.note = cur.open.note ? `${cur.open.note}; ${text}` : text;
  };
  const startStep = (e: ControlEvent, from: { name: string; agency: string | null }, to: string) => {
    const index = e.step ?? 0;
    const step = input.workflow[index];
    const row: ControlRow = {
      step: index,
      stepName: step?.name ?? `Bước ${index + 1}`,
      fromName: from.name,
      fromAgencyName: from.agency,
      toName: to,
      toAgencyName: agencyName(e.agencyId ?? agencyId),
      handedAt: e.at,
      dueAt: stepDue(index, e.at),
      doneAt: null,
      onTime: null,
      note: e.note,
    };
    rows.push(row);
    cur.open = row;
  };
  const stepRole = (e: ControlEvent) => roleLabel(input.workflow[e.step ?? 0]?.role ?? '');

  for (const e of input.events) {
    switch (e.action) {
      case 'receive': {
        const previous = cur.open;
        const from =
          previous && previous.step === null
            ? { name: previous.fromAgencyName ?? '', agency: previous.fromAgencyName }
            : { name: input.applicantName, agency: null };
        close(e.at);
        agencyId = e.agencyId ?? agencyId;
        startStep(e, from, person(e.data.assigneeId, null) ?? actor(e));
        break;
      }
      case 'forward':
      case 'return_to_previous_step':
      case 'approve': {
        const previous = cur.open;
        if (e.action === 'approve' && previous && previous.step === e.step) {
          addNote(`Đã phê duyệt (${actor(e)})`);
          break;
        }
        close(e.at);
        startStep(
          { ...e, note: e.action === 'return_to_previous_step' ? `Trả lại: ${e.reason ?? ''}` : e.note },
          { name: actor(e), agency: agencyName(agencyId) },
          person(e.data.assigneeId, null) ?? stepRole(e),
        );
        break;
      }
      case 'transfer_to_agency': {
        close(e.at);
        const target = typeof e.data.targetAgencyId === 'string' ? e.data.targetAgencyId : null;
        const row: ControlRow = {
          step: null,
          stepName: TRANSFER,
          fromName: actor(e),
          fromAgencyName: agencyName(agencyId),
          toName: agencyName(target) ?? '',
          toAgencyName: agencyName(target),
          handedAt: e.at,
          dueAt: null,
          doneAt: null,
          onTime: null,
          note: e.note,
        };
        rows.push(row);
        cur.open = row;
        agencyId = target;
        break;
      }
      case 'attach_result': {
        close(e.at);
        const row: ControlRow = {
          step: null,
          stepName: RESULT_RETURN,
          fromName: actor(e),
          fromAgencyName: agencyName(agencyId),
          toName: roleLabel('can_bo_mot_cua'),
          toAgencyName: agencyName(input.receivingAgencyId),
          handedAt: e.at,
          dueAt: input.dueAt,
          doneAt: null,
          onTime: null,
          note: e.note,
        };
        rows.push(row);
        cur.open = row;
        break;
      }
      case 'return_result':
        addNote(`Đã trả kết quả (${actor(e)})`);
        close(e.at);
        break;
      case 'refuse':
      case 'reject':
      case 'stop':
      case 'withdraw':
        addNote(
          `${e.action === 'stop' ? 'Dừng giải quyết' : e.action === 'withdraw' ? 'Rút hồ sơ' : 'Trả lại hồ sơ'}: ${e.reason ?? ''}`,
        );
        close(e.at);
        break;
      case 'request_supplement':
        addNote(`Yêu cầu bổ sung: ${e.reason ?? ''}`);
        break;
      case 'supplement':
        addNote('Người nộp đã bổ sung hồ sơ');
        break;
      case 'extend_deadline':
        addNote(`Gia hạn: ${e.reason ?? ''}`);
        break;
      default:
        break;
    }
  }
  for (const r of rows) r.onTime = onTimeOf(r, input.now);
  return rows;
}
