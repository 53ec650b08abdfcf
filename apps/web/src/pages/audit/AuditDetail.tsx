import { Descriptions, Drawer, Table, Typography } from 'antd';
import { flattenAgencies, useAgencyTree } from '../../api/org';
import type { AuditRow } from '../../api/types';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Top-level fields whose value differs between before and after. */
export function diffFields(before: unknown, after: unknown): Change[] {
  if (!isRecord(before) && !isRecord(after)) return [];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function AuditDetail({ row, onClose }: { row: AuditRow | null; onClose: () => void }) {
  const t = useT();
  const changes = row ? diffFields(row.before, row.after) : [];
  const tree = useAgencyTree();
  const agency = row?.agencyId ? flattenAgencies(tree.data).find((a) => a.id === row.agencyId) : undefined;
  return (
    <Drawer open={!!row} onClose={onClose} size={720} title={row ? `${t.audit.title} #${row.seq}` : ''}>
      {row ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'at', label: t.audit.at, children: formatDateTime(row.at) },
              {
                key: 'actor',
                label: t.audit.actor,
                children: `${row.actorName ?? t.app.none} (${t.audit.actorKind[row.actorKind] ?? row.actorKind}${row.actorId ? ` · ${row.actorId}` : ''})`,
              },
              { key: 'action', label: t.audit.action, children: <Typography.Text code>{row.action}</Typography.Text> },
              { key: 'entity', label: t.audit.entity, children: `${row.entityType} ${row.entityId ?? ''}` },
              { key: 'agency', label: t.audit.agency, children: agency?.name ?? row.agencyId ?? t.app.none },
              { key: 'ip', label: t.audit.ip, children: row.ip ?? t.app.none },
              { key: 'ua', label: t.audit.userAgent, children: row.userAgent ?? t.app.none },
              { key: 'note', label: t.audit.note, children: row.note ?? t.app.none },
              {
                key: 'hash',
                label: t.audit.hash,
                children: (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {row.hash}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t.audit.changes}
          </Typography.Title>
          {row.before === null && row.after === null ? (
            <Typography.Paragraph type="secondary">{t.audit.noChanges}</Typography.Paragraph>
          ) : (
            <>
              {changes.length ? (
                <Table<Change>
                  rowKey="field"
                  size="small"
                  pagination={false}
                  dataSource={changes}
                  columns={[
                    { title: t.audit.field, dataIndex: 'field' },
                    { title: t.audit.before, dataIndex: 'before', render: show },
                    { title: t.audit.after, dataIndex: 'after', render: show },
                  ]}
                  style={{ marginBottom: 16 }}
                />
              ) : null}
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'before',
                    label: t.audit.before,
                    children: <pre className="json-block">{JSON.stringify(row.before, null, 2)}</pre>,
                  },
                  {
                    key: 'after',
                    label: t.audit.after,
                    children: <pre className="json-block">{JSON.stringify(row.after, null, 2)}</pre>,
                  },
                ]}
              />
            </>
          )}
        </>
      ) : null}
    </Drawer>
  );
}
