import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { AuditQuery } from '../../api/audit';
import { AgencySelect } from '../../components/AgencySelect';
import { useT } from '../../i18n';

interface Values {
  period?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  agencyId?: string;
}

function toQuery(v: Values): AuditQuery {
  const q: AuditQuery = {};
  const [from, to] = v.period ?? [null, null];
  if (from) q.from = from.startOf('day').toISOString();
  if (to) q.to = to.endOf('day').toISOString();
  for (const key of ['action', 'entityType', 'entityId', 'actorId', 'agencyId'] as const) {
    const value = v[key]?.trim();
    if (value) q[key] = value;
  }
  return q;
}

export function AuditFilters({ onChange }: { onChange: (q: AuditQuery) => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  return (
    <Form<Values>
      form={form}
      name="audit-filters"
      requiredMark={false}
      layout="inline"
      style={{ rowGap: 8, marginBottom: 16 }}
      onFinish={(v) => onChange(toQuery(v))}
    >
      <Form.Item label={t.audit.period} name="period">
        <DatePicker.RangePicker format="DD/MM/YYYY" placeholder={[t.audit.from, t.audit.to]} />
      </Form.Item>
      <Form.Item label={t.audit.action} name="action">
        <Input allowClear style={{ width: 180 }} placeholder="users.create" />
      </Form.Item>
      <Form.Item label={t.audit.entityType} name="entityType">
        <Input allowClear style={{ width: 140 }} placeholder="user" />
      </Form.Item>
      <Form.Item label={t.audit.entityId} name="entityId">
        <Input allowClear style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label={t.audit.actorId} name="actorId">
        <Input allowClear style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label={t.audit.agency} name="agencyId">
        <AgencySelect allowClear />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          {t.audit.filter}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onChange({});
          }}
        >
          {t.audit.clear}
        </Button>
      </Space>
    </Form>
  );
}
