import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyProblemToForm, type FieldProblem } from '../../api/problem';
import { useCreateApiToken } from '../../api/tokens';
import { useMe } from '../../auth/me-context';
import { NOT_TOKEN_SCOPES, permissionLabel } from '../../auth/permissions';
import { AgencySelect } from '../../components/AgencySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { useT } from '../../i18n';

interface Values {
  name: string;
  scopes: string[];
  agencyId: string;
  expiresAt?: Dayjs | null;
}

/** Create an API token; the token itself is shown once. Scopes offered: the creator's own permissions. */
export function CreateTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const create = useCreateApiToken();
  const [form] = Form.useForm<Values>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const close = () => {
    form.resetFields();
    create.reset();
    setRest([]);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={create.data ? t.tokens.tokenTitle : t.tokens.create}
      onCancel={close}
      footer={create.data ? <Button onClick={close}>{t.app.close}</Button> : null}
      destroyOnHidden
    >
      {create.data ? (
        <SecretOnce label={t.tokens.tokenLabel} value={create.data.token} help={t.tokens.tokenHelp} />
      ) : (
        <>
          <ProblemAlert error={create.error} extraFields={rest} />
          <Form<Values>
            form={form}
            name="create-token"
            layout="vertical"
            initialValues={{ agencyId: me.grants[0]?.agencyId, scopes: [] }}
            onFinish={(v) =>
              create.mutate(
                {
                  name: v.name.trim(),
                  scopes: v.scopes,
                  agencyId: v.agencyId,
                  ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}),
                },
                { onError: (e) => setRest(applyProblemToForm(form, e)) },
              )
            }
          >
            <Form.Item
              label={t.tokens.name}
              name="name"
              rules={[{ required: true, whitespace: true, message: t.login.required }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label={t.tokens.scopes} name="scopes" rules={[{ required: true, message: t.login.required }]}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={me.permissions
                  .filter((p) => !NOT_TOKEN_SCOPES.includes(p))
                  .map((p) => ({ value: p, label: `${permissionLabel(p)} (${p})` }))}
              />
            </Form.Item>
            <Form.Item label={t.tokens.agency} name="agencyId" rules={[{ required: true, message: t.login.required }]}>
              <AgencySelect />
            </Form.Item>
            <Form.Item label={t.tokens.expiresAt} name="expiresAt">
              <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(new Date(), 'day')} />
            </Form.Item>
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={close}>{t.app.cancel}</Button>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                {t.tokens.createSubmit}
              </Button>
            </Space>
          </Form>
        </>
      )}
    </Modal>
  );
}
