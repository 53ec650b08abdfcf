import type { DeadlineStatus, DossierStatus } from '../api/dossiers';
import { useT } from '../i18n';
import { StatusTag, type TagTone } from './StatusTag';

const STATUS_TONE: Record<DossierStatus, TagTone> = {
  submitted: 'blue',
  supplement_requested: 'gold',
  received: 'blue',
  transferred: 'grey',
  result_ready: 'green',
  returned: 'green',
  refused: 'red',
  withdrawn: 'grey',
  rejected: 'red',
  stopped: 'grey',
};

/** A dossier's state as a coloured tag (the server's label when given, else the local text). */
export function DossierStatusTag({ status, label }: { status: DossierStatus; label?: string }) {
  const t = useT();
  return <StatusTag tone={STATUS_TONE[status]}>{label ?? t.dossiers.statuses[status] ?? status}</StatusTag>;
}

const DEADLINE_TONE: Record<DeadlineStatus, TagTone> = {
  overdue: 'red',
  due_today: 'orange',
  due_soon: 'gold',
  on_time: 'green',
};

/** Urgency of a dossier's deadline (computed by the server: overdue, due today, due soon, on time). */
export function DeadlineTag({ deadline }: { deadline: DeadlineStatus | null | undefined }) {
  const t = useT().dossiers;
  if (!deadline) return null;
  const text: Record<DeadlineStatus, string> = {
    overdue: t.overdue,
    due_today: t.dueToday,
    due_soon: t.dueSoon,
    on_time: t.onTime,
  };
  return <StatusTag tone={DEADLINE_TONE[deadline]}>{text[deadline]}</StatusTag>;
}
