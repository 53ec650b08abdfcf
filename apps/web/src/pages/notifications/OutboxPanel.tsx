import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag, type TagTone } from '../../components/StatusTag';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { type OutboxItem, type OutboxStatus, useOutbox } from './notifications-api';

const TONE: Record<OutboxStatus, TagTone> = { queued: 'blue', sent: 'green', failed: 'red' };
type Filter = OutboxStatus | 'all';

/** The outbox, newest first, filtered by status; a message's last error is shown in full. */
export function OutboxPanel() {
  const all = useT();
  const t = all.notifications;
  const [filter, setFilter] = useState<Filter>('all');
  const list = useOutbox(filter === 'all' ? undefined : filter);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const options = (['all', 'queued', 'sent', 'failed'] as const).map((value) => ({
    value,
    label: t.outbox.statusOptions[value],
  }));

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text id="outbox-status-label">{t.outbox.status}</Typography.Text>
        <Segmented<Filter>
          aria-labelledby="outbox-status-label"
          options={options}
          value={filter}
          onChange={setFilter}
        />
        <Button
          icon={<ReloadOutlined aria-hidden="true" />}
          onClick={() => void list.refetch()}
          loading={list.isRefetching}
        >
          {all.app.reload}
        </Button>
      </Space>
      {filter === 'failed' || filter === 'queued' ? (
        <Alert type="info" showIcon title={t.outbox.retryNote} style={{ marginBottom: 16 }} />
      ) : null}
      <ProblemAlert error={list.error} />
      <Table<OutboxItem>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t.outbox.empty }}
        columns={[
          { title: t.outbox.createdAt, dataIndex: 'createdAt', render: formatDateTime },
          {
            title: t.templates.channel,
            dataIndex: 'channel',
            render: (c: OutboxItem['channel']) => t.channel[c],
          },
          { title: t.outbox.to, dataIndex: 'to' },
          {
            title: t.outbox.template,
            dataIndex: 'template',
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t.outbox.status,
            key: 'status',
            render: (_, r) => (
              <>
                <StatusTag tone={TONE[r.status]}>{t.outbox.statusOptions[r.status]}</StatusTag>
                {r.status === 'queued' && r.lastError ? (
                  <Typography.Text type="secondary">
                    <small>{t.outbox.retrying}</small>
                  </Typography.Text>
                ) : null}
              </>
            ),
          },
          { title: t.outbox.attempts, dataIndex: 'attempts', width: 100 },
          {
            title: t.outbox.lastError,
            dataIndex: 'lastError',
            render: (e: string | null) =>
              e ? (
                <Typography.Text type="danger" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {e}
                </Typography.Text>
              ) : (
                all.app.none
              ),
          },
          { title: t.outbox.sentAt, dataIndex: 'sentAt', render: formatDateTime },
        ]}
      />
      {list.hasNextPage ? (
        <Button style={{ marginTop: 16 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {all.app.loadMore}
        </Button>
      ) : null}
    </>
  );
}
