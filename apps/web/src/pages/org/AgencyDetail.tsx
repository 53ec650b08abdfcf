import { Card, Descriptions, Empty, List, Typography } from 'antd';
import { flattenAgencies, useAgencyTree } from '../../api/org';
import { useT } from '../../i18n';

export function AgencyDetail({ agencyId }: { agencyId: string | null }) {
  const t = useT();
  const tree = useAgencyTree();
  const agency = flattenAgencies(tree.data).find((a) => a.id === agencyId);
  if (!agency) {
    return (
      <Card>
        <Empty description={t.org.selectHint} />
      </Card>
    );
  }
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{agency.name}</h2>}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'code', label: t.org.code, children: <Typography.Text code>{agency.code}</Typography.Text> },
          { key: 'kind', label: t.org.kind, children: t.org.kinds[agency.kind] ?? agency.kind },
          { key: 'unit', label: t.org.unit, children: agency.unitCode ?? t.app.none },
          {
            key: 'children',
            label: t.org.children,
            children: agency.children.map((c) => c.name).join(', ') || t.app.none,
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {t.org.departments}
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={agency.departments}
        locale={{ emptyText: t.org.noDepartments }}
        renderItem={(d) => (
          <List.Item>
            {d.name} <Typography.Text type="secondary">({d.code})</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
