import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { auditExportUrl, useAuditList, type AuditQuery } from '../../api/audit';
import type { AuditRow } from '../../api/types';
import { useCan } from '../../auth/me-context';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { AuditDetail } from './AuditDetail';
import { AuditFilters } from './AuditFilters';
import { AuditVerify } from './AuditVerify';

export function AuditPage() {
  const t = useT();
  const canVerify = useCan('audit.verify');
  const [query, setQuery] = useState<AuditQuery>({});
  const [open, setOpen] = useState<AuditRow | null>(null);
  const list = useAuditList(query);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageTitle
        title={t.audit.title}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden="true" />} href={auditExportUrl(query)} download>
              {t.audit.export}
            </Button>
            {canVerify ? <AuditVerify /> : null}
          </Space>
        }
      />
      <Card>
        <AuditFilters onChange={setQuery} />
        <ProblemAlert error={list.error} />
        <Table<AuditRow>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t.audit.empty }}
          columns={[
            { title: t.audit.seq, dataIndex: 'seq', width: 90 },
            { title: t.audit.at, dataIndex: 'at', render: formatDateTime },
            {
              title: t.audit.actor,
              key: 'actor',
              render: (_, r) => r.actorName ?? t.audit.actorKind[r.actorKind] ?? r.actorKind,
            },
            {
              title: t.audit.action,
              dataIndex: 'action',
              render: (a: string) => <Typography.Text code>{a}</Typography.Text>,
            },
            {
              title: t.audit.entity,
              key: 'entity',
              render: (_, r) => (r.entityId ? `${r.entityType} · ${r.entityId.slice(0, 8)}` : r.entityType),
            },
            { title: t.audit.ip, dataIndex: 'ip', render: (ip: string | null) => ip ?? t.app.none },
            {
              title: t.app.details,
              key: 'open',
              render: (_, r) => (
                <Button size="small" onClick={() => setOpen(r)} aria-label={`${t.app.details} #${r.seq}`}>
                  {t.app.details}
                </Button>
              ),
            },
          ]}
        />
        {list.hasNextPage ? (
          <Button style={{ marginTop: 16 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t.app.loadMore}
          </Button>
        ) : null}
      </Card>
      <AuditDetail row={open} onClose={() => setOpen(null)} />
    </>
  );
}
