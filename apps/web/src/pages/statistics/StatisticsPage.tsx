import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { AgencySelect } from '../../components/AgencySelect';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { BarChart } from './BarChart';
import {
  type GroupBy,
  type Indicator766,
  type StatisticsQuery,
  type StatRow,
  statisticsXlsxUrl,
  useStatistics,
} from './statistics-api';

interface Values {
  period: [Dayjs, Dayjs];
  agencyId?: string;
  groupBy: GroupBy;
}

const CHART_GROUPS = 12;
const ISO = 'YYYY-MM-DD';

function toQuery(v: Values): StatisticsQuery {
  return {
    from: v.period[0].format(ISO),
    to: v.period[1].format(ISO),
    groupBy: v.groupBy,
    ...(v.agencyId ? { agencyId: v.agencyId } : {}),
  };
}

/** Statistics of the handling of dossiers (issue 3 §5): KPIs, a chart with its table, the QĐ 766 indicators. */
export function StatisticsPage() {
  const { t: all, lang } = useI18n();
  const t = all.statistics;
  const initial: Values = { period: [dayjs().startOf('year'), dayjs()], groupBy: 'agency' };
  const [query, setQuery] = useState<StatisticsQuery>(toQuery(initial));
  const report = useStatistics(query);
  const data = report.data;

  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const fmt = useMemo(() => {
    const n = new Intl.NumberFormat(locale);
    const p = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const d = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return {
      n: (x: number) => n.format(x),
      pct: (x: number | null) => (x === null ? '—' : p.format(x)),
      dec: (x: number | null) => (x === null ? '—' : d.format(x)),
    };
  }, [locale]);

  const countCol = (key: keyof StatRow & keyof typeof t.col): ColumnsType<StatRow>[number] => ({
    title: t.col[key],
    dataIndex: key,
    align: 'right',
    render: (v: number) => fmt.n(v),
    sorter: (a, b) => (a[key] as number) - (b[key] as number),
  });
  const columns: ColumnsType<StatRow> = [
    { title: t.groupByOptions[data?.groupBy ?? query.groupBy], dataIndex: 'label', fixed: 'left', width: 220 },
    countCol('received'),
    countCol('receivedCounter'),
    countCol('receivedOnline'),
    countCol('receivedPost'),
    countCol('resolvedOnTime'),
    countCol('resolvedLate'),
    countCol('inProgressOnTime'),
    countCol('overdue'),
    countCol('returned'),
    countCol('withdrawn'),
    countCol('refused'),
    countCol('rejected'),
    { title: t.col.onlineRate, dataIndex: 'onlineRate', align: 'right', render: fmt.pct },
    { title: t.col.onTimeRate, dataIndex: 'onTimeRate', align: 'right', render: fmt.pct },
    {
      title: t.col.satisfaction,
      key: 'satisfaction',
      align: 'right',
      render: (_, r) => fmt.dec(r.satisfaction.average),
    },
  ];

  const indexColumns: ColumnsType<Indicator766> = [
    { title: t.index.group, dataIndex: 'group', width: 160 },
    { title: t.index.name, dataIndex: 'name', width: 220 },
    { title: t.index.rate, dataIndex: 'rate', align: 'right', render: fmt.pct, width: 90 },
    {
      title: t.index.score,
      key: 'score',
      align: 'right',
      width: 110,
      render: (_, i) => (i.score === null ? t.index.noData : `${fmt.dec(i.score)} / ${fmt.dec(i.maxScore)}`),
    },
    { title: t.index.formula, dataIndex: 'formula' },
    {
      title: t.index.note,
      dataIndex: 'note',
      render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
    },
  ];

  const chartRows = (data?.rows ?? []).filter((r) => r.received + r.resolved > 0).slice(0, CHART_GROUPS);
  const totals = data?.totals;

  return (
    <>
      <PageTitle
        title={t.title}
        extra={
          <Button icon={<DownloadOutlined aria-hidden="true" />} href={statisticsXlsxUrl(query)} download>
            {t.exportXlsx}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form<Values>
          name="statistics-filters"
          layout="inline"
          requiredMark={false}
          initialValues={initial}
          style={{ rowGap: 8 }}
          onFinish={(v) => setQuery(toQuery(v))}
        >
          <Form.Item label={t.period} name="period" rules={[{ required: true }]}>
            <DatePicker.RangePicker format="DD/MM/YYYY" allowClear={false} placeholder={[t.from, t.to]} />
          </Form.Item>
          <Form.Item label={t.agency} name="agencyId" tooltip={t.allAgencies}>
            <AgencySelect allowClear />
          </Form.Item>
          <Form.Item label={t.groupBy} name="groupBy">
            <Select
              style={{ width: 140 }}
              options={(['agency', 'field', 'procedure'] as const).map((g) => ({
                value: g,
                label: t.groupByOptions[g],
              }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={report.isFetching}>
            {t.show}
          </Button>
        </Form>
      </Card>
      <ProblemAlert error={report.error} />
      {totals && data ? (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {[
              { title: t.kpi.received, value: fmt.n(totals.received) },
              { title: t.kpi.resolved, value: fmt.n(totals.resolved) },
              { title: t.kpi.onTimeRate, value: fmt.pct(totals.onTimeRate) },
              { title: t.kpi.onlineRate, value: fmt.pct(totals.onlineRate) },
              { title: t.kpi.inProgress, value: fmt.n(totals.inProgress) },
              { title: t.kpi.overdue, value: fmt.n(totals.overdue) },
              {
                title: t.kpi.satisfaction,
                value: fmt.dec(totals.satisfaction.average),
                note: t.ratingsCount.replace('{n}', fmt.n(totals.satisfaction.ratings)),
              },
              {
                title: t.kpi.index766,
                value: `${fmt.dec(data.indicators766.total)} / ${fmt.dec(data.indicators766.maxTotal)}`,
              },
            ].map((k) => (
              <Col key={k.title} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={k.title} value={k.value} />
                  {k.note ? <Typography.Text type="secondary">{k.note}</Typography.Text> : null}
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary">
            {t.snapshotNote.replace('{at}', formatDateTime(data.snapshotAt))}
          </Typography.Paragraph>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col span={24}>
              <Card title={t.chartTitle} size="small">
                {chartRows.length > 0 ? (
                  <>
                    <BarChart
                      title={t.chartTitle}
                      description={t.chartDesc}
                      formatNumber={fmt.n}
                      series={[
                        { key: 'received', label: t.col.received, color: '#1677ff' },
                        { key: 'resolvedOnTime', label: t.col.resolvedOnTime, color: '#389e0d' },
                        { key: 'resolvedLate', label: t.col.resolvedLate, color: '#cf1322' },
                      ]}
                      data={chartRows.map((r) => ({
                        key: r.key,
                        label: r.label,
                        values: {
                          received: r.received,
                          resolvedOnTime: r.resolvedOnTime,
                          resolvedLate: r.resolvedLate,
                        },
                      }))}
                    />
                    {data.rows.length > chartRows.length ? (
                      <Typography.Text type="secondary">
                        {t.chartMore.replace('{n}', String(chartRows.length))}
                      </Typography.Text>
                    ) : null}
                  </>
                ) : (
                  <Typography.Text type="secondary">{t.empty}</Typography.Text>
                )}
              </Card>
            </Col>
            <Col span={24}>
              <Card title={t.tableTitle} size="small">
                <Table<StatRow>
                  rowKey="key"
                  size="small"
                  dataSource={data.rows}
                  columns={columns}
                  pagination={data.rows.length > 50 ? { pageSize: 50 } : false}
                  scroll={{ x: true }}
                  locale={{ emptyText: t.empty }}
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <strong>{t.total}</strong>
                      </Table.Summary.Cell>
                      {(
                        [
                          'received',
                          'receivedCounter',
                          'receivedOnline',
                          'receivedPost',
                          'resolvedOnTime',
                          'resolvedLate',
                          'inProgressOnTime',
                          'overdue',
                          'returned',
                          'withdrawn',
                          'refused',
                          'rejected',
                        ] as const
                      ).map((k, i) => (
                        <Table.Summary.Cell key={k} index={i + 1} align="right">
                          <strong>{fmt.n(totals[k])}</strong>
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={13} align="right">
                        <strong>{fmt.pct(totals.onlineRate)}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={14} align="right">
                        <strong>{fmt.pct(totals.onTimeRate)}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={15} align="right">
                        <strong>{fmt.dec(totals.satisfaction.average)}</strong>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card title={t.index766Title} size="small">
            <Typography.Paragraph type="secondary">{t.index766Note}</Typography.Paragraph>
            <Table<Indicator766>
              rowKey="code"
              size="small"
              dataSource={data.indicators766.items}
              columns={indexColumns}
              pagination={false}
              scroll={{ x: true }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    <strong>{t.index.total}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <strong>
                      {fmt.dec(data.indicators766.total)} / {fmt.dec(data.indicators766.maxTotal)}
                    </strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} colSpan={2} />
                </Table.Summary.Row>
              )}
            />
          </Card>
        </>
      ) : (
        <Space>{report.isPending ? <Typography.Text>…</Typography.Text> : null}</Space>
      )}
    </>
  );
}
