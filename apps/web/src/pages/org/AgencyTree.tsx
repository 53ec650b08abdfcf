import { ApartmentOutlined, BankOutlined } from '@ant-design/icons';
import { Card, Empty, Input, Spin, Tree, type TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useAgencyTree } from '../../api/org';
import type { AgencyNode } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

function normalize(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();
}

/** Agencies (with their departments as leaves); selecting an agency shows its detail. */
export function AgencyTree({ selected, onSelect }: { selected: string | null; onSelect: (id: string | null) => void }) {
  const t = useT();
  const tree = useAgencyTree();
  const [filter, setFilter] = useState('');

  const data = useMemo(() => {
    const needle = normalize(filter.trim());
    const build = (nodes: AgencyNode[]): TreeDataNode[] =>
      nodes.flatMap((n) => {
        const children = build(n.children);
        const matches = !needle || normalize(n.name).includes(needle) || n.code.toLowerCase().includes(needle);
        if (!matches && children.length === 0) return [];
        return [
          {
            key: n.id,
            title: n.name,
            icon: <BankOutlined aria-hidden="true" />,
            children: [
              ...children,
              ...(needle
                ? []
                : n.departments.map((d) => ({
                    key: `dept:${d.id}`,
                    title: d.name,
                    icon: <ApartmentOutlined aria-hidden="true" />,
                    isLeaf: true,
                    selectable: false,
                  }))),
            ],
          },
        ];
      });
    return build(tree.data ?? []);
  }, [tree.data, filter]);

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.org.tree}</h2>}>
      <Input.Search
        aria-label={t.org.search}
        placeholder={t.org.search}
        allowClear
        onChange={(e) => setFilter(e.target.value)}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={tree.error} />
      {tree.isPending ? (
        <Spin />
      ) : data.length ? (
        <Tree
          showIcon
          defaultExpandAll
          key={filter ? 'filtered' : 'all'}
          treeData={data}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => onSelect(keys[0] ? String(keys[0]) : null)}
          aria-label={t.org.tree}
        />
      ) : (
        <Empty description={t.org.treeEmpty} />
      )}
    </Card>
  );
}
