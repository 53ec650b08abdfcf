import { FilePdfOutlined } from '@ant-design/icons';
import { Descriptions, Empty, List, Table, Timeline, Typography } from 'antd';
import {
  type ControlSheetRow,
  type DossierDetail,
  type DossierEvent,
  dossierUrls,
  type ProcedureFee,
  type ProcedureView,
} from '../../api/dossiers';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../format';
import { useT } from '../../i18n';

const VND = new Intl.NumberFormat('vi-VN');
export const formatVnd = (n: number) => `${VND.format(n)} đồng`;

interface SchemaProperty {
  title?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaProperty>;
  'x-ui'?: { enumNames?: string[]; enumLabels?: string[]; label?: string; order?: string[] } & Record<string, unknown>;
  enumNames?: string[];
}

/** The form schema's properties (root object), or {} when the procedure has no e-form. */
export function schemaProperties(schema: Record<string, unknown> | undefined): Record<string, SchemaProperty> {
  const props = schema?.properties;
  return props && typeof props === 'object' ? (props as Record<string, SchemaProperty>) : {};
}

function showValue(value: unknown, prop: SchemaProperty | undefined, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (prop?.format === 'date' && typeof value === 'string') return formatDate(value);
  if (prop?.format === 'date-time' && typeof value === 'string') return formatDateTime(value);
  if (prop?.enum && Array.isArray(prop.enum)) {
    const names = prop['x-ui']?.enumLabels ?? prop['x-ui']?.enumNames ?? prop.enumNames;
    const i = prop.enum.indexOf(value);
    if (names && i >= 0 && names[i]) return names[i];
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows of the form data, in the form's order; a nested section's fields are labelled "Section › Field". */
function formRows(
  data: Record<string, unknown>,
  props: Record<string, SchemaProperty>,
  order: string[],
  prefix: string[],
): { key: string; label: string; value: unknown; prop: SchemaProperty | undefined }[] {
  const keys = Object.keys(data);
  const known = [...order.filter((k) => keys.includes(k)), ...Object.keys(props).filter((k) => keys.includes(k))];
  const sorted = [...new Set([...known, ...keys])];
  return sorted.flatMap((key) => {
    const prop = props[key];
    const label = prop?.['x-ui']?.label ?? prop?.title ?? key;
    const value = data[key];
    if (isRecord(value))
      return formRows(value, prop?.properties ?? {}, prop?.['x-ui']?.order ?? [], [...prefix, label]);
    return [{ key: [...prefix, key].join('.'), label: [...prefix, label].join(' › '), value, prop }];
  });
}

/** Form data with the labels (`title`) of the procedure's e-form when it has them. */
export function FormDataView({ dossier, procedure }: { dossier: DossierDetail; procedure: ProcedureView | null }) {
  const t = useT();
  if (Object.keys(dossier.formData).length === 0)
    return <Typography.Text type="secondary">{t.dossiers.noFormData}</Typography.Text>;
  const order = (procedure?.formSchema?.['x-ui'] as { order?: string[] } | undefined)?.order ?? [];
  const rows = formRows(dossier.formData, schemaProperties(procedure?.formSchema), order, []);
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={rows.map((r) => ({
        key: r.key,
        label: r.label,
        children: showValue(r.value, r.prop, t.app.yes, t.app.no),
      }))}
    />
  );
}

function feeAmount(fee: ProcedureFee, td: ReturnType<typeof useT>['dossiers']): string {
  const per = fee.unit ? ` ${td.feePer(fee.unit)}` : '';
  switch (fee.mode) {
    case 'free':
      return td.feeFree;
    case 'fixed':
      return fee.amountVnd === null ? td.feeByCase : `${formatVnd(fee.amountVnd)}${per}`;
    case 'tiered':
      return fee.tiers.map((tier) => `từ ${tier.fromUnit}: ${formatVnd(tier.amountVnd)}`).join('; ') + per;
    case 'provincial':
      return td.feeProvincial;
    case 'by_case':
      return td.feeByCase;
  }
}

/** Fees and charges of the procedure, each with its cases and legal basis. */
export function FeesTable({ procedure, error }: { procedure: ProcedureView | null | undefined; error: unknown }) {
  const t = useT();
  const td = t.dossiers;
  if (error) return <ProblemAlert error={error} title={td.procedureUnavailable} />;
  if (!procedure) return <Typography.Text type="secondary">{td.procedureUnavailable}</Typography.Text>;
  if (procedure.fees.length === 0) return <Typography.Text type="secondary">{td.noFees}</Typography.Text>;
  return (
    <Table<ProcedureFee>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={procedure.fees}
      columns={[
        { title: td.feeName, dataIndex: 'name' },
        {
          title: td.feeAmount,
          key: 'amount',
          render: (_v, fee) => (
            <>
              <div>{feeAmount(fee, td)}</div>
              {fee.cases.map((c) => (
                <div key={c.when}>
                  <Typography.Text type="secondary">
                    {c.when}: {c.amountVnd === null ? td.feeProvincial : formatVnd(c.amountVnd)}
                  </Typography.Text>
                </div>
              ))}
            </>
          ),
        },
        { title: td.feeBasis, dataIndex: 'basis' },
      ]}
    />
  );
}

/** Every event of the dossier, oldest first: who, when, what, with the reason and note. */
export function EventsTimeline({ events }: { events: DossierEvent[] }) {
  const t = useT();
  const td = t.dossiers;
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.seq,
        color: e.toStatus === 'refused' || e.toStatus === 'rejected' ? 'red' : 'blue',
        content: (
          <div>
            <Typography.Text strong>{td.actions[e.action] ?? e.action}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {formatDateTime(e.at)} · {td.eventBy(e.actorName ?? td.system)}
            </Typography.Text>
            <div>→ {td.statuses[e.toStatus] ?? e.toStatus}</div>
            {e.reason ? (
              <div>
                {td.reasonLabel}: {e.reason}
              </div>
            ) : null}
            {e.note ? (
              <div>
                {td.noteLabel}: {e.note}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06): every hand-over, due and done, on time or late. */
export function ControlSheetTable({ rows, error }: { rows: ControlSheetRow[] | undefined; error: unknown }) {
  const t = useT();
  const td = t.dossiers;
  if (error) return <ProblemAlert error={error} title={td.csUnavailable} />;
  return (
    <Table<ControlSheetRow>
      rowKey={(r) => `${r.step ?? ''}-${r.handedAt ?? ''}-${r.stepName}`}
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows ?? []}
      loading={rows === undefined}
      locale={{ emptyText: <Empty description={td.csEmpty} /> }}
      columns={[
        { title: td.csStep, dataIndex: 'stepName' },
        { title: td.csFrom, dataIndex: 'fromName', render: (v: string | null) => v ?? t.app.none },
        { title: td.csTo, dataIndex: 'toName', render: (v: string | null) => v ?? t.app.none },
        { title: td.csHandedAt, dataIndex: 'handedAt', render: formatDateTime },
        { title: td.csDueAt, dataIndex: 'dueAt', render: formatDateTime },
        { title: td.csDoneAt, dataIndex: 'doneAt', render: formatDateTime },
        {
          title: td.csOnTime,
          dataIndex: 'onTime',
          render: (v: boolean | null) =>
            v === null ? (
              <StatusTag tone="blue">{td.csPending}</StatusTag>
            ) : v ? (
              <StatusTag tone="green">{td.csInTime}</StatusTag>
            ) : (
              <StatusTag tone="red">{td.csLate}</StatusTag>
            ),
        },
        { title: td.noteLabel, dataIndex: 'note', render: (v: string | null) => v ?? '' },
      ]}
    />
  );
}

/**
 * The papers that apply to the dossier now (Thông tư 03/2025/TT-VPCP, Phụ lục I): 01 once received,
 * 02/03/04/05 once their event happened, 06 once it is being processed. The server answers 409 otherwise.
 */
export function papersOf(dossier: DossierDetail): string[] {
  const did = (...actions: string[]) => dossier.events.some((e) => actions.includes(e.action));
  const out: string[] = [];
  if (did('receive')) out.push('01');
  if (did('request_supplement')) out.push('02');
  if (did('refuse', 'reject')) out.push('03');
  if (did('extend_deadline')) out.push('04');
  if (did('stop')) out.push('05');
  if (did('receive')) out.push('06');
  return out;
}

export function PapersList({ dossier }: { dossier: DossierDetail }) {
  const td = useT().dossiers;
  const papers = papersOf(dossier);
  return (
    <List
      size="small"
      dataSource={papers}
      locale={{ emptyText: '—' }}
      renderItem={(n) => (
        <List.Item>
          <a href={dossierUrls.paper(dossier.code, n)} target="_blank" rel="noopener">
            <FilePdfOutlined aria-hidden="true" /> {td.papers[n] ?? n}
            <span className="sr-only"> {td.pdfNewTab}</span>
          </a>
        </List.Item>
      )}
    />
  );
}
