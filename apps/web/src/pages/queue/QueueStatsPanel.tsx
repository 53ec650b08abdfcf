import { Button, DatePicker, Form, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { type QueueStatsRow, useQueueStats } from './queue-api';

const ISO = 'YYYY-MM-DD';

/** Waiting and serving times per day and field (queue.manage). */
export function QueueStatsPanel({ agencyId }: { agencyId: string | undefined }) {
  const t = useT().queue;
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().subtract(6, 'day'), dayjs()]);
  const [query, setQuery] = useState<{ from: string; to: string }>({
    from: period[0].format(ISO),
    to: period[1].format(ISO),
  });
  const stats = useQueueStats(agencyId ? { agencyId, ...query } : null);
  const n = (key: keyof QueueStatsRow) => ({
    title: t.col[key as keyof typeof t.col],
    dataIndex: key,
    align: 'right' as const,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form layout="inline" onFinish={() => setQuery({ from: period[0].format(ISO), to: period[1].format(ISO) })}>
        <Form.Item label={`${t.statsFrom} – ${t.statsTo}`}>
          <DatePicker.RangePicker
            value={period}
            format="DD/MM/YYYY"
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setPeriod([v[0], v[1]]);
            }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t.show}
        </Button>
      </Form>
      <ProblemAlert error={stats.error} />
      <Table<QueueStatsRow>
        rowKey={(r) => `${r.day}|${r.field}`}
        loading={stats.isFetching}
        dataSource={stats.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t.col.day, dataIndex: 'day', render: (d: string) => dayjs(d).format('DD/MM/YYYY') },
          { title: t.col.field, dataIndex: 'field' },
          n('tickets'),
          n('served'),
          n('skipped'),
          n('transferred'),
          n('waiting'),
          { ...n('avgWaitSeconds'), title: t.col.avgWait, render: (s: number | null) => t.minutes(s) },
          { ...n('p90WaitSeconds'), title: t.col.p90Wait, render: (s: number | null) => t.minutes(s) },
          { ...n('avgServeSeconds'), title: t.col.avgServe, render: (s: number | null) => t.minutes(s) },
        ]}
      />
    </Space>
  );
}
