import type { Grant, Principal } from '../auth/principal.js';
import type { WorkingCalendar } from '../calendar/working-time.js';
import type { PauseInterval, ProcessingTime } from './dossier-deadline.js';
import { deadlineStatus, type DeadlineStatus } from './dossier-deadline.js';
import {
  type DossierActor,
  type DossierSnapshot,
  type DossierState,
  STATE_INFO,
  type StaffRoleKind,
  type WorkflowStep,
} from './dossier-states.js';
import type { DossierListRow, DossierRow, EventRow } from './dossiers.repository.js';

/** Mapping between rows, the state machine's snapshot and what the API shows. Pure. */

export interface StoredApplicant {
  name: string;
  name_search: string;
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface StoredComponent {
  name: string;
  copies: number;
  form: 'original' | 'certified_copy' | 'copy' | 'electronic';
  received: boolean;
}

export interface StoredPause {
  from: string;
  to: string | null;
}

export const applicantOf = (r: DossierRow) => r.applicant as StoredApplicant;
export const componentsOf = (r: DossierRow) => r.components as StoredComponent[];
export const processingTimeOf = (r: DossierRow) => r.processing_time as ProcessingTime;
export const pausesOf = (r: DossierRow): PauseInterval[] =>
  (r.pauses as StoredPause[]).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));

/** The roles of a staff member or API token, one per agency reached, for the state machine. */
export function actorOfPrincipal(p: Principal | null): DossierActor | null {
  if (!p || p.kind === 'citizen') return null;
  const grants: Grant[] = p.grants;
  const roles = grants.flatMap((g) => g.agencyIds.map((agencyId) => ({ role: g.roleCode as StaffRoleKind, agencyId })));
  return { kind: 'staff', userId: p.kind === 'staff' ? p.userId : p.tokenId, roles };
}

export function snapshotOf(r: DossierRow, workflow: readonly WorkflowStep[], extendBy: Date | null): DossierSnapshot {
  return {
    state: r.status as DossierState,
    agencyId: r.current_agency_id,
    receivingAgencyId: r.receiving_agency_id,
    applicantCitizenId: r.applicant_citizen_id,
    workflow,
    step: r.current_step,
    assigneeId: r.assignee_id,
    approved: r.approved,
    resumeState: r.resume_state as DossierSnapshot['resumeState'],
    dueAt: r.due_at,
    extended: r.extended,
    extendBy,
  };
}

/** Deadline status now; null when the dossier is finished or has no due date (computed, never stored). */
export function deadlineOf(
  cal: WorkingCalendar,
  r: Pick<DossierRow, 'status' | 'accept_by' | 'due_at'>,
  now: Date,
): DeadlineStatus | null {
  const state = r.status as DossierState;
  // Not yet accepted online dossier: measured against its 8-working-hour acceptance limit.
  if (state === 'submitted') return r.accept_by ? deadlineStatus(cal, r.accept_by, now) : null;
  if (!r.due_at || STATE_INFO[state].terminal || state === 'result_ready') return null;
  if (STATE_INFO[state].clockPaused) return null;
  return deadlineStatus(cal, r.due_at, now);
}

export function listItemOf(cal: WorkingCalendar, r: DossierListRow, now: Date) {
  const a = r.applicant as Pick<StoredApplicant, 'name'>;
  return {
    code: r.code,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    applicantName: a.name,
    status: r.status as DossierState,
    statusLabel: STATE_INFO[r.status as DossierState].label,
    channel: r.channel,
    currentAgencyId: r.current_agency_id,
    currentStep: r.current_step,
    assigneeId: r.assignee_id,
    receivingAgencyId: r.receiving_agency_id,
    receivedAt: r.received_at.toISOString(),
    submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
    acceptBy: r.accept_by ? r.accept_by.toISOString() : null,
    dueAt: r.due_at ? r.due_at.toISOString() : null,
    deadlineStatus: deadlineOf(cal, r, now),
    version: r.version,
  };
}

export function eventView(e: EventRow) {
  return {
    seq: e.seq,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorName: e.actor_name,
    agencyId: e.agency_id,
    at: e.at.toISOString(),
    note: e.note,
    reason: e.reason,
    step: e.step,
  };
}
