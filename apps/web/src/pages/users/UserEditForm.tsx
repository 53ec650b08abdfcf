import { App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { applyProblemToForm, isApiError, type FieldProblem } from '../../api/problem';
import type { UserDetail } from '../../api/types';
import { useUpdateUser, useUser } from '../../api/users';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { DepartmentSelect, PositionSelect } from './user-fields';

interface Values {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  departmentId?: string | null;
  positionCode?: string | null;
}

const blankToNull = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

/** Edit a user's details with optimistic locking: a 409 stale_version explains and offers to reload. */
export function UserEditForm({ user, onDone }: { user: UserDetail; onDone: () => void }) {
  const t = useT();
  const update = useUpdateUser(user.id);
  const fresh = useUser(user.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const [version, setVersion] = useState(user.version);
  const stale = isApiError(update.error, 'stale_version');

  const reload = async () => {
    const latest = await fresh.refetch();
    if (latest.data) {
      setVersion(latest.data.version);
      form.setFieldsValue({
        fullName: latest.data.fullName,
        email: latest.data.email,
        phone: latest.data.phone,
        departmentId: latest.data.departmentId,
        positionCode: latest.data.positionCode,
      });
    }
    update.reset();
  };

  return (
    <>
      {stale ? (
        <ProblemAlert
          error={update.error}
          title={t.users.stale}
          action={
            <Button size="small" onClick={() => void reload()} loading={fresh.isFetching}>
              {t.users.staleReload}
            </Button>
          }
        />
      ) : (
        <ProblemAlert error={update.error} extraFields={rest} />
      )}
      <Form<Values>
        form={form}
        name="edit-user"
        layout="vertical"
        initialValues={{
          fullName: user.fullName,
          email: user.email,
          phone: user.phone,
          departmentId: user.departmentId,
          positionCode: user.positionCode,
        }}
        onFinish={(v) =>
          update.mutate(
            {
              version,
              fullName: v.fullName.trim(),
              email: blankToNull(v.email),
              phone: blankToNull(v.phone),
              departmentId: v.departmentId ?? null,
              positionCode: v.positionCode ?? null,
            },
            {
              onSuccess: () => {
                void message.success(t.users.saved);
                onDone();
              },
              onError: (e) => setRest(applyProblemToForm(form, e)),
            },
          )
        }
      >
        <Form.Item
          label={t.users.fullName}
          name="fullName"
          rules={[{ required: true, whitespace: true, message: t.login.required }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label={t.users.email} name="email" rules={[{ type: 'email', message: t.users.emailInvalid }]}>
          <Input type="email" />
        </Form.Item>
        <Form.Item label={t.users.phone} name="phone">
          <Input type="tel" />
        </Form.Item>
        <Form.Item label={t.users.department} name="departmentId">
          <DepartmentSelect agencyId={user.agencyId} />
        </Form.Item>
        <Form.Item label={t.users.position} name="positionCode">
          <PositionSelect />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={update.isPending} disabled={stale}>
            {t.app.save}
          </Button>
          <Button onClick={onDone}>{t.app.cancel}</Button>
        </Space>
      </Form>
    </>
  );
}
