import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { applyProblemToForm, type FieldProblem } from '../../api/problem';
import type { NewUser, UserDetail } from '../../api/types';
import { useCreateUser } from '../../api/users';
import { AgencySelect } from '../../components/AgencySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { useT } from '../../i18n';
import { DepartmentSelect, PositionSelect } from './user-fields';

interface Values {
  username: string;
  fullName: string;
  email?: string;
  phone?: string;
  agencyId: string;
  departmentId?: string | null;
  positionCode?: string | null;
  password?: string;
}

function toBody(v: Values): NewUser {
  const body: NewUser = { username: v.username.trim(), fullName: v.fullName.trim(), agencyId: v.agencyId };
  if (v.email?.trim()) body.email = v.email.trim();
  if (v.phone?.trim()) body.phone = v.phone.trim();
  if (v.departmentId) body.departmentId = v.departmentId;
  if (v.positionCode) body.positionCode = v.positionCode;
  if (v.password) body.password = v.password;
  return body;
}

/** Create a user; the temporary password (if the server made one) is shown once. */
export function CreateUserModal({
  open,
  onClose,
  onOpenUser,
}: {
  open: boolean;
  onClose: () => void;
  onOpenUser: (id: string) => void;
}) {
  const t = useT();
  const create = useCreateUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const [created, setCreated] = useState<{ user: UserDetail; temporaryPassword?: string } | null>(null);
  const agencyId = Form.useWatch('agencyId', form);

  const close = () => {
    form.resetFields();
    create.reset();
    setRest([]);
    setCreated(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={created ? t.users.created : t.users.create}
      onCancel={close}
      destroyOnHidden
      footer={
        created ? (
          <Space>
            <Button onClick={close}>{t.app.close}</Button>
            <Button
              type="primary"
              onClick={() => {
                const id = created.user.id;
                close();
                onOpenUser(id);
              }}
            >
              {t.users.openCreated}
            </Button>
          </Space>
        ) : null
      }
    >
      {created ? (
        <>
          <p>
            <strong>{created.user.fullName}</strong> ({created.user.username}) — {created.user.agencyName}
          </p>
          {created.temporaryPassword ? (
            <SecretOnce
              label={t.users.tempPasswordLabel}
              value={created.temporaryPassword}
              help={t.users.tempPasswordHelp}
            />
          ) : null}
        </>
      ) : (
        <>
          <ProblemAlert error={create.error} extraFields={rest} />
          <Form<Values>
            form={form}
            name="create-user"
            layout="vertical"
            onFinish={(values) =>
              create.mutate(toBody(values), {
                onSuccess: (result) => {
                  setCreated(result);
                  void message.success(t.users.created);
                },
                onError: (e) => setRest(applyProblemToForm(form, e)),
              })
            }
          >
            <Form.Item
              label={t.users.username}
              name="username"
              rules={[{ required: true, whitespace: true, message: t.login.required }]}
            >
              <Input autoComplete="off" autoCapitalize="none" spellCheck={false} />
            </Form.Item>
            <Form.Item
              label={t.users.fullName}
              name="fullName"
              rules={[{ required: true, whitespace: true, message: t.login.required }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label={t.users.email} name="email" rules={[{ type: 'email', message: t.users.emailInvalid }]}>
              <Input type="email" autoComplete="off" />
            </Form.Item>
            <Form.Item label={t.users.phone} name="phone">
              <Input type="tel" autoComplete="off" />
            </Form.Item>
            <Form.Item label={t.users.agency} name="agencyId" rules={[{ required: true, message: t.login.required }]}>
              <AgencySelect onSelectAgency={() => form.setFieldValue('departmentId', null)} />
            </Form.Item>
            <Form.Item label={t.users.department} name="departmentId">
              <DepartmentSelect agencyId={agencyId} />
            </Form.Item>
            <Form.Item label={t.users.position} name="positionCode">
              <PositionSelect />
            </Form.Item>
            <Form.Item label={t.users.initialPassword} name="password" extra={t.users.initialPasswordHelp}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={close}>{t.app.cancel}</Button>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                {t.users.createSubmit}
              </Button>
            </Space>
          </Form>
        </>
      )}
    </Modal>
  );
}
