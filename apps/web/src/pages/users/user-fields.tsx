import { Select } from 'antd';
import { flattenAgencies, useAgencyTree, usePositions } from '../../api/org';

/** Departments of one agency, for a Form.Item. */
export function DepartmentSelect({
  agencyId,
  value,
  onChange,
  id,
}: {
  agencyId: string | undefined;
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
}) {
  const tree = useAgencyTree();
  const agency = flattenAgencies(tree.data).find((a) => a.id === agencyId);
  return (
    <Select<string | null>
      id={id}
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={!agency}
      options={(agency?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
    />
  );
}

export function PositionSelect({
  value,
  onChange,
  id,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
}) {
  const positions = usePositions();
  return (
    <Select<string | null>
      id={id}
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={positions.isPending}
      options={(positions.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
    />
  );
}
