import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Popconfirm, Select, Table } from 'antd';
import { useState } from 'react';
import { useRoles } from '../../api/org';
import { applyProblemToForm, type FieldProblem } from '../../api/problem';
import type { RoleAssignment, UserDetail } from '../../api/types';
import { useSetRoles } from '../../api/users';
import { useCan } from '../../auth/me-context';
import { AgencySelect } from '../../components/AgencySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { StatusTag } from '../../components/StatusTag';

type Held = UserDetail['roles'][number];

const toAssignment = (r: Held): RoleAssignment => ({
  roleCode: r.roleCode,
  agencyId: r.agencyId,
  includeSubordinates: r.includeSubordinates,
});

/** Roles of a user, each in one agency (optionally with its subordinates). Saved as the whole list. */
export function UserRoles({ user }: { user: UserDetail }) {
  const t = useT();
  const canAssign = useCan('roles.assign');
  const setRoles = useSetRoles(user.id);
  const { message } = App.useApp();
  const current = user.roles.map(toAssignment);

  const remove = (r: Held) =>
    setRoles.mutateAsync(current.filter((a) => !(a.roleCode === r.roleCode && a.agencyId === r.agencyId))).then(
      () => void message.success(t.users.rolesSaved),
      () => undefined,
    );

  return (
    <>
      <ProblemAlert error={setRoles.error} />
      <Table<Held>
        rowKey={(r) => `${r.roleCode}@${r.agencyId}`}
        size="small"
        pagination={false}
        dataSource={user.roles}
        locale={{ emptyText: t.users.rolesEmpty }}
        columns={[
          { title: t.users.role, dataIndex: 'roleName', render: (n: string) => <StatusTag tone="blue">{n}</StatusTag> },
          {
            title: t.users.roleAgency,
            dataIndex: 'agencyName',
            render: (n: string, r) => (
              <>
                {n}
                {r.includeSubordinates ? (
                  <>
                    {' '}
                    <StatusTag tone="grey">{t.users.subordinates}</StatusTag>
                  </>
                ) : null}
              </>
            ),
          },
          ...(canAssign
            ? [
                {
                  title: t.users.actions,
                  key: 'actions',
                  render: (_: unknown, r: Held) => (
                    <Popconfirm
                      title={t.users.removeRoleConfirm}
                      okText={t.users.removeRole}
                      cancelText={t.app.cancel}
                      onConfirm={() => remove(r)}
                    >
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined aria-hidden="true" />}
                        aria-label={`${t.users.removeRole}: ${r.roleName} — ${r.agencyName}`}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canAssign ? <AddRoleForm user={user} current={current} /> : null}
    </>
  );
}

interface AddValues {
  roleCode: string;
  agencyId: string;
  includeSubordinates: boolean;
}

function AddRoleForm({ user, current }: { user: UserDetail; current: RoleAssignment[] }) {
  const t = useT();
  const roles = useRoles();
  const setRoles = useSetRoles(user.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  return (
    <div style={{ marginTop: 16, padding: 12, border: '1px solid #e5e7eb', borderRadius: 6 }}>
      <ProblemAlert error={setRoles.error} extraFields={rest} />
      <Form<AddValues>
        form={form}
        name="add-role"
        layout="vertical"
        initialValues={{ agencyId: user.agencyId, includeSubordinates: false }}
        onFinish={(v) => {
          if (current.some((a) => a.roleCode === v.roleCode && a.agencyId === v.agencyId)) {
            form.setFields([{ name: 'roleCode', errors: [t.users.roleExists] }]);
            return;
          }
          setRoles.mutate([...current, v], {
            onSuccess: () => {
              void message.success(t.users.rolesSaved);
              setRest([]);
              form.resetFields(['roleCode', 'includeSubordinates']);
            },
            onError: (e) => setRest(applyProblemToForm(form, e)),
          });
        }}
      >
        <Form.Item label={t.users.role} name="roleCode" rules={[{ required: true, message: t.login.required }]}>
          <Select
            loading={roles.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name, title: r.description }))}
          />
        </Form.Item>
        <Form.Item label={t.users.roleAgency} name="agencyId" rules={[{ required: true, message: t.login.required }]}>
          <AgencySelect />
        </Form.Item>
        <Form.Item name="includeSubordinates" valuePropName="checked">
          <Checkbox>{t.users.includeSubordinates}</Checkbox>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlusOutlined aria-hidden="true" />}
          loading={setRoles.isPending}
        >
          {t.users.addRole}
        </Button>
      </Form>
    </div>
  );
}
