import type { ProcedureStatus } from '../../api/procedures';
import { StatusTag, type TagTone } from '../../components/StatusTag';
import { useT } from '../../i18n';

const TONES: Record<ProcedureStatus, TagTone> = { draft: 'blue', published: 'green', archived: 'grey' };

export function ProcedureStatusTag({ status }: { status: ProcedureStatus }) {
  const t = useT().procedures;
  return <StatusTag tone={TONES[status]}>{t.statuses[status]}</StatusTag>;
}
