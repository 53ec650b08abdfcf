import type { WorkingCalendar } from '../calendar/working-time.js';
import { dossierDueAt } from './dossier-deadline.js';
import type { DossierState } from './dossier-states.js';
import { pausesOf, processingTimeOf, type StoredPause } from './dossier-view.js';
import type { DossierPatch, DossierRow } from './dossiers.repository.js';

/**
 * The clock stops while the agency waits for the applicant to supplement the dossier: the time to
 * supplement is not counted in the processing time (Nghị định 118/2025/NĐ-CP; article to confirm).
 * Entering supplement_requested opens a pause; leaving it (supplement, refusal, stop, …) closes it
 * and moves the due date by the office time it covered (dossier-deadline.ts). After the one-time
 * extension (Mẫu 04) the new date is moved by the pause alone. Pure.
 */
export function pausePatch(cal: WorkingCalendar, row: DossierRow, next: DossierState, now: Date): DossierPatch {
  if (next === 'supplement_requested' && row.status !== 'supplement_requested') return { paused_since: now };
  if (row.status !== 'supplement_requested' || next === 'supplement_requested' || !row.paused_since) return {};
  const from = row.paused_since;
  const pauses: StoredPause[] = [...(row.pauses as StoredPause[]), { from: from.toISOString(), to: now.toISOString() }];
  const patch: DossierPatch = { pauses: JSON.stringify(pauses), paused_since: null };
  if (row.due_at) {
    const base = { receivedAt: row.received_at, processingTime: processingTimeOf(row), cutoff: row.cutoff };
    patch.due_at = row.extended
      ? dossierDueAt(cal, { ...base, extension: { at: from, newDueAt: row.due_at }, pauses: [{ from, to: now }] }, now)
      : dossierDueAt(cal, { ...base, pauses: pausesOf({ ...row, pauses }) }, now);
  }
  return patch;
}
