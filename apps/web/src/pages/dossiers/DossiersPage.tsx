import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, DatePicker, Form, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  DOSSIER_STATUSES,
  type DossierListItem,
  type DossierListQuery,
  type DossierScope,
  type DossierStatus,
  useDossierList,
} from '../../api/dossiers';
import { useMe } from '../../auth/me-context';
import { DeadlineTag, DossierStatusTag } from '../../components/DossierTags';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { paths } from '../../routes';

const SCOPES: readonly DossierScope[] = ['mine', 'department', 'agency'];
const isScope = (v: string | null): v is DossierScope => SCOPES.includes(v as DossierScope);
const isStatus = (v: string): v is DossierStatus => DOSSIER_STATUSES.includes(v as DossierStatus);

/** The inbox filters live in the URL (?pham-vi=&trang-thai=&q=): back from a dossier keeps them. */
function useInboxQuery(): [DossierListQuery, (patch: Partial<DossierListQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const scopeParam = params.get('scope');
  const statusParam = params.get('status');
  const q = params.get('q') ?? '';
  const procedureCode = params.get('procedureCode') ?? '';
  const channel = params.get('channel') ?? '';
  const receivedFrom = params.get('receivedFrom') ?? '';
  const receivedTo = params.get('receivedTo') ?? '';
  const query = useMemo<DossierListQuery>(() => {
    const status = (statusParam ?? '').split(',').filter(isStatus);
    return {
      scope: isScope(scopeParam) ? scopeParam : 'department',
      ...(status.length ? { status } : {}),
      ...(q ? { q } : {}),
      ...(procedureCode ? { procedureCode } : {}),
      ...(channel ? { channel } : {}),
      ...(receivedFrom ? { receivedFrom } : {}),
      ...(receivedTo ? { receivedTo } : {}),
    };
  }, [scopeParam, statusParam, q, procedureCode, channel, receivedFrom, receivedTo]);
  const set = (patch: Partial<DossierListQuery>) => {
    const next = { ...query, ...patch };
    const out = new URLSearchParams();
    out.set('scope', next.scope);
    if (next.status?.length) out.set('status', next.status.join(','));
    for (const key of ['q', 'procedureCode', 'channel', 'receivedFrom', 'receivedTo'] as const) {
      const value = next[key];
      if (value) out.set(key, value);
    }
    setParams(out, { replace: true });
  };
  return [query, set];
}

function CountBadge({ label, count, color }: { label: string; count: number | undefined; color: string }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <Badge count={count ?? 0} showZero overflowCount={9999} color={color} />
      <span>{label}</span>
    </span>
  );
}

export function DossiersPage() {
  const t = useT();
  const td = t.dossiers;
  const me = useMe();
  const navigate = useNavigate();
  const [query, set] = useInboxQuery();
  const list = useDossierList(query);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = list.data?.pages[0]?.counts;
  const canReceive = me.grants.some((g) => g.roleCode === 'can_bo_mot_cua');

  return (
    <>
      <PageTitle
        title={td.title}
        extra={
          canReceive ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => void navigate(paths.reception)}
            >
              {td.receive}
            </Button>
          ) : null
        }
      />
      <Card>
        <Space direction="vertical" size={12} style={{ width: '100%', marginBottom: 16 }}>
          <Segmented<DossierScope>
            aria-label={td.scope}
            value={query.scope}
            onChange={(scope) => set({ scope })}
            options={[
              { value: 'mine', label: td.scopeMine },
              { value: 'department', label: td.scopeDepartment },
              { value: 'agency', label: td.scopeAgency },
            ]}
          />
          <Form name="dossier-filters" layout="inline" requiredMark={false} style={{ rowGap: 8 }}>
            <Form.Item label={td.search} htmlFor="dossier-search">
              <Input.Search
                id="dossier-search"
                key={query.q ?? ''}
                defaultValue={query.q}
                placeholder={td.searchHelp}
                allowClear
                style={{ width: 340 }}
                onSearch={(q) => set({ q: q.trim() || undefined })}
              />
            </Form.Item>
            <Form.Item label={td.status} htmlFor="dossier-status" tooltip={td.statusAllOpen}>
              <Select<DossierStatus[]>
                id="dossier-status"
                mode="multiple"
                allowClear
                style={{ minWidth: 260 }}
                value={query.status ?? []}
                onChange={(status) => set({ status: status.length ? status : undefined })}
                options={DOSSIER_STATUSES.map((s) => ({ value: s, label: td.statuses[s] ?? s }))}
              />
            </Form.Item>
            <Form.Item label={td.procedureCode} htmlFor="dossier-procedure">
              <Input.Search
                id="dossier-procedure"
                key={query.procedureCode ?? ''}
                defaultValue={query.procedureCode}
                allowClear
                style={{ width: 160 }}
                onSearch={(code) => set({ procedureCode: code.trim() || undefined })}
              />
            </Form.Item>
            <Form.Item label={td.channel} htmlFor="dossier-channel">
              <Select<string>
                id="dossier-channel"
                style={{ width: 150 }}
                value={query.channel ?? ''}
                onChange={(c) => set({ channel: c || undefined })}
                options={[
                  { value: '', label: t.app.all },
                  ...(['counter', 'post', 'online'] as const).map((c) => ({ value: c, label: td.channels[c] ?? c })),
                ]}
              />
            </Form.Item>
            <Form.Item label={td.receivedFrom} htmlFor="dossier-received-from">
              <DatePicker
                id="dossier-received-from"
                format="DD/MM/YYYY"
                value={query.receivedFrom ? dayjs(query.receivedFrom) : null}
                onChange={(d) => set({ receivedFrom: d ? d.format('YYYY-MM-DD') : undefined })}
              />
            </Form.Item>
            <Form.Item label={td.receivedTo} htmlFor="dossier-received-to">
              <DatePicker
                id="dossier-received-to"
                format="DD/MM/YYYY"
                value={query.receivedTo ? dayjs(query.receivedTo) : null}
                onChange={(d) => set({ receivedTo: d ? d.format('YYYY-MM-DD') : undefined })}
              />
            </Form.Item>
          </Form>
          <section aria-label={td.counts} aria-live="polite">
            <Space size={20} wrap>
              <CountBadge label={td.overdue} count={counts?.overdue} color="#a8071a" />
              <CountBadge label={td.dueToday} count={counts?.dueToday} color="#873800" />
              <CountBadge label={td.dueSoon} count={counts?.dueSoon} color="#614700" />
              <CountBadge label={td.onTime} count={counts?.onTime} color="#135200" />
              <CountBadge label={td.total} count={counts?.total} color="#003a8c" />
            </Space>
          </section>
        </Space>
        <ProblemAlert error={list.error} />
        <Table<DossierListItem>
          rowKey="code"
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: td.empty }}
          onRow={(row) => ({
            onClick: (event) => {
              if ((event.target as HTMLElement).closest('a')) return;
              void navigate(paths.dossier(row.code));
            },
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              title: td.code,
              dataIndex: 'code',
              render: (code: string) => (
                <Link to={paths.dossier(code)} style={{ whiteSpace: 'nowrap', fontFamily: 'monospace' }}>
                  {code}
                </Link>
              ),
            },
            {
              title: td.procedure,
              dataIndex: 'procedureName',
              onCell: () => ({ style: { minWidth: 220 } }),
            },
            { title: td.applicant, dataIndex: 'applicantName' },
            {
              title: td.status,
              dataIndex: 'status',
              render: (status: DossierStatus, row) => <DossierStatusTag status={status} label={row.statusLabel} />,
            },
            { title: td.receivedAt, dataIndex: 'receivedAt', render: formatDateTime },
            {
              title: td.dueAt,
              dataIndex: 'dueAt',
              render: (dueAt: string | null, row) =>
                !dueAt && row.acceptBy ? (
                  // Online dossier awaiting reception: accept or send back within 8 working hours (NĐ 45/2020).
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {td.acceptBy}: {formatDateTime(row.acceptBy)}
                  </span>
                ) : (
                  <Space size={4} wrap>
                    <span style={{ whiteSpace: 'nowrap' }}>{formatDate(dueAt)}</span>
                    <DeadlineTag deadline={row.deadlineStatus} />
                  </Space>
                ),
            },
            {
              title: td.channel,
              dataIndex: 'channel',
              render: (c: string) => td.channels[c] ?? c,
            },
          ]}
        />
        <Space style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" aria-live="polite">
            {td.loaded(rows.length, counts?.total ?? rows.length)}
          </Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t.app.loadMore}
            </Button>
          ) : null}
        </Space>
      </Card>
    </>
  );
}
