import { TreeSelect } from 'antd';
import { agencyTreeOptions, useAgencyTree } from '../api/org';

/** Agency picker (only agencies the user may read, from /agencies/tree). Used inside Form.Item. */
export function AgencySelect({
  value,
  onChange,
  id,
  allowClear,
  placeholder,
  onSelectAgency,
  ...rest
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  allowClear?: boolean;
  placeholder?: string;
  onSelectAgency?: (id: string | undefined) => void;
  'aria-label'?: string;
}) {
  const tree = useAgencyTree();
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onSelectAgency?.(v);
      }}
      treeData={agencyTreeOptions(tree.data)}
      loading={tree.isPending}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ width: '100%', minWidth: 220 }}
      popupMatchSelectWidth={false}
      aria-label={rest['aria-label']}
    />
  );
}
