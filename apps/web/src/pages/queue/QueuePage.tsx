import { Select, Space, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMe } from '../../auth/me-context';
import { can } from '../../auth/permissions';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import { CountersPanel } from './CountersPanel';
import { DeskPanel } from './DeskPanel';
import { QueueStatsPanel } from './QueueStatsPanel';

/** The counter queue (issue 4 §2): the officer's desk, the counters' setup and the waiting-time statistics. */
export function QueuePage() {
  const t = useT().queue;
  const me = useMe();
  const agencies = useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of me.grants)
      if (g.permissions.includes('queue.serve') || g.permissions.includes('queue.manage'))
        seen.set(g.agencyId, g.agencyName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me.grants]);
  const [agencyId, setAgencyId] = useState<string | undefined>(agencies[0]?.value);
  const manages =
    !!agencyId && me.grants.some((g) => g.agencyId === agencyId && g.permissions.includes('queue.manage'));
  const serves = can(me, 'queue.serve');

  const items = [
    ...(serves ? [{ key: 'desk', label: t.tabs.desk, children: <DeskPanel agencyId={agencyId} /> }] : []),
    ...(manages
      ? [
          { key: 'counters', label: t.tabs.counters, children: <CountersPanel agencyId={agencyId} /> },
          { key: 'stats', label: t.tabs.stats, children: <QueueStatsPanel agencyId={agencyId} /> },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle title={t.title} />
      {agencies.length > 1 ? (
        <Space style={{ marginBottom: 16 }}>
          <Typography.Text id="queue-agency-label">{t.agency}</Typography.Text>
          <Select
            aria-labelledby="queue-agency-label"
            value={agencyId}
            onChange={setAgencyId}
            options={agencies}
            style={{ minWidth: 280 }}
          />
        </Space>
      ) : null}
      <Tabs items={items} destroyOnHidden />
    </>
  );
}
