import { Button, Input, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { type NotificationTemplate, useTemplates } from './notifications-api';
import { TemplateEditor } from './TemplateEditor';

/** Every template (code × channel) with what it is for; "Sửa" opens the editor. */
export function TemplatesPanel() {
  const all = useT();
  const t = all.notifications;
  const list = useTemplates();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<NotificationTemplate | null>(null);
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (list.data?.items ?? []).filter((i) => !q || i.code.toLowerCase().includes(q));
  }, [list.data, filter]);

  return (
    <>
      <ProblemAlert error={list.error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <label htmlFor="template-filter">{t.templates.filter}</label>
        <Input
          id="template-filter"
          allowClear
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t.templates.filterPlaceholder}
          style={{ width: 280 }}
        />
      </Space>
      <Table<NotificationTemplate>
        rowKey={(r) => `${r.code}:${r.channel}`}
        size="small"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t.templates.empty }}
        columns={[
          {
            title: t.templates.code,
            dataIndex: 'code',
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t.templates.channel,
            dataIndex: 'channel',
            render: (c: NotificationTemplate['channel']) => (
              <StatusTag tone={c === 'email' ? 'blue' : 'gold'}>{t.channel[c]}</StatusTag>
            ),
          },
          { title: t.templates.description, dataIndex: 'description' },
          {
            title: t.templates.body,
            key: 'text',
            render: (_, r) => (
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.body }} style={{ margin: 0, maxWidth: 420 }}>
                {r.subject ? <strong>{r.subject} — </strong> : null}
                {r.body}
              </Typography.Paragraph>
            ),
          },
          { title: t.templates.version, dataIndex: 'version', width: 90 },
          {
            title: t.templates.updated,
            key: 'updated',
            render: (_, r) =>
              r.updatedByName ? (
                <>
                  {formatDateTime(r.updatedAt)}
                  <br />
                  <Typography.Text type="secondary">{t.templates.updatedBy(r.updatedByName)}</Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">{t.templates.seeded}</Typography.Text>
              ),
          },
          {
            title: all.app.edit,
            key: 'edit',
            render: (_, r) => (
              <Button
                size="small"
                onClick={() => setEditing(r)}
                aria-label={t.templates.editLabel(r.code, t.channel[r.channel])}
              >
                {t.templates.edit}
              </Button>
            ),
          },
        ]}
      />
      {editing ? <TemplateEditor template={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
