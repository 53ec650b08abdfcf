import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type ProcedureLevel,
  type ProcedureListQuery,
  type ProcedureStatus,
  type ProcedureSummary,
  useProcedureList,
} from '../../api/procedures';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { ImportExportBar } from './ImportExportBar';
import { ProcedureStatusTag } from './ProcedureStatusTag';
import { useCanManageCatalogue } from './use-can-manage';

export function ProcedureListPage() {
  const t = useT();
  const tp = t.procedures;
  const canManage = useCanManageCatalogue();
  const [query, setQuery] = useState<ProcedureListQuery>({});
  const list = useProcedureList(query);
  const all = useProcedureList({}); // first page without filters: the fields to choose from
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const fields = useMemo(
    () => [...new Set((all.data?.pages.flatMap((p) => p.items) ?? []).map((p) => p.field))].sort(),
    [all.data],
  );
  const set = (patch: Partial<ProcedureListQuery>) =>
    setQuery((q) => {
      const next: ProcedureListQuery = { ...q, ...patch };
      for (const key of Object.keys(next) as (keyof ProcedureListQuery)[]) if (!next[key]) delete next[key];
      return next;
    });

  return (
    <>
      <PageTitle
        title={tp.title}
        extra={
          <Space wrap>
            <ImportExportBar canManage={canManage} />
            {canManage ? (
              <Link to="moi">
                <Button type="primary" icon={<PlusOutlined aria-hidden="true" />}>
                  {tp.create}
                </Button>
              </Link>
            ) : null}
          </Space>
        }
      />
      {!canManage ? <Alert type="info" showIcon title={tp.readOnlyNote} style={{ marginBottom: 16 }} /> : null}
      <Card>
        <Form name="procedure-filters" layout="inline" requiredMark={false} style={{ rowGap: 8, marginBottom: 16 }}>
          <Form.Item label={tp.search} htmlFor="procedure-search">
            <Input.Search
              id="procedure-search"
              placeholder={tp.searchHelp}
              allowClear
              style={{ width: 300 }}
              onSearch={(q) => set({ q: q.trim() })}
            />
          </Form.Item>
          <Form.Item label={tp.filterField} htmlFor="procedure-field">
            <Select<string>
              id="procedure-field"
              style={{ width: 200 }}
              value={query.field ?? ''}
              onChange={(field) => set({ field })}
              options={[{ value: '', label: t.app.all }, ...fields.map((f) => ({ value: f, label: f }))]}
            />
          </Form.Item>
          <Form.Item label={tp.filterLevel} htmlFor="procedure-level">
            <Select<ProcedureLevel | ''>
              id="procedure-level"
              style={{ width: 130 }}
              value={query.level ?? ''}
              onChange={(level) => set({ level: level || undefined })}
              options={[
                { value: '', label: t.app.all },
                { value: 'tinh', label: tp.levels.tinh },
                { value: 'xa', label: tp.levels.xa },
              ]}
            />
          </Form.Item>
          <Form.Item label={tp.filterStatus} htmlFor="procedure-status">
            <Select<ProcedureStatus | ''>
              id="procedure-status"
              style={{ width: 160 }}
              value={query.status ?? ''}
              onChange={(status) => set({ status: status || undefined })}
              options={[
                { value: '', label: t.app.all },
                ...(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: tp.statuses[s] })),
              ]}
            />
          </Form.Item>
        </Form>
        <ProblemAlert error={list.error} />
        <Table<ProcedureSummary>
          rowKey="id"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: tp.empty }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: tp.colCode,
              dataIndex: 'code',
              width: 150,
              render: (code: string, p) => (
                <>
                  {code}
                  {p.codeIsLocal ? (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {tp.localCode}
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
            {
              title: tp.colName,
              dataIndex: 'name',
              render: (name: string, p) => <Link to={p.id}>{name}</Link>,
            },
            { title: tp.colField, dataIndex: 'field', width: 160 },
            { title: tp.colLevel, dataIndex: 'level', width: 100, render: (l: ProcedureLevel) => tp.levels[l] },
            {
              title: tp.colOnline,
              dataIndex: 'onlineMode',
              width: 120,
              render: (m: ProcedureSummary['onlineMode']) => tp.onlineModes[m],
            },
            {
              title: tp.colStatus,
              dataIndex: 'status',
              width: 140,
              render: (s: ProcedureStatus) => <ProcedureStatusTag status={s} />,
            },
            {
              title: tp.colPublished,
              dataIndex: 'publishedVersion',
              width: 110,
              render: (v: number | null) => v ?? '—',
            },
            { title: tp.colUpdated, dataIndex: 'updatedAt', width: 120, render: (d: string) => formatDate(d) },
          ]}
        />
        {list.hasNextPage ? (
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {tp.loadMore}
            </Button>
          </div>
        ) : null}
      </Card>
    </>
  );
}
