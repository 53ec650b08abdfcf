import { Descriptions, Drawer, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { flattenAgencies, useAgencyTree, usePositions } from '../../api/org';
import type { UserDetail } from '../../api/types';
import { useUser } from '../../api/users';
import { useCan } from '../../auth/me-context';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { UserActions } from './UserActions';
import { UserEditForm } from './UserEditForm';
import { UserRoles } from './UserRoles';
import { UserStatusTag } from './UserStatusTag';

/** One user: details, account actions, roles. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const t = useT();
  const user = useUser(userId);
  const [editing, setEditing] = useState(false);
  return (
    <Drawer
      open={!!userId}
      onClose={() => {
        setEditing(false);
        onClose();
      }}
      size={640}
      title={user.data ? user.data.fullName : t.users.detailTitle}
      destroyOnHidden
    >
      <ProblemAlert error={user.error} />
      {user.isPending && userId ? <Spin /> : null}
      {user.data ? <UserBody user={user.data} editing={editing} setEditing={setEditing} /> : null}
    </Drawer>
  );
}

function UserBody({
  user,
  editing,
  setEditing,
}: {
  user: UserDetail;
  editing: boolean;
  setEditing: (v: boolean) => void;
}) {
  const t = useT();
  const canManage = useCan('users.manage');
  const tree = useAgencyTree();
  const positions = usePositions();
  const department = flattenAgencies(tree.data)
    .find((a) => a.id === user.agencyId)
    ?.departments.find((d) => d.id === user.departmentId);
  const position = positions.data?.find((p) => p.code === user.positionCode);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <UserStatusTag status={user.status} />
        {canManage ? <UserActions user={user} onEdit={() => setEditing(true)} /> : null}
      </Space>
      {editing ? (
        <UserEditForm user={user} onDone={() => setEditing(false)} />
      ) : (
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'username', label: t.users.username, children: user.username },
            { key: 'fullName', label: t.users.fullName, children: user.fullName },
            { key: 'email', label: t.users.email, children: user.email ?? t.app.none },
            { key: 'phone', label: t.users.phone, children: user.phone ?? t.app.none },
            { key: 'agency', label: t.users.agency, children: user.agencyName },
            { key: 'department', label: t.users.department, children: department?.name ?? t.app.none },
            { key: 'position', label: t.users.position, children: position?.name ?? user.positionCode ?? t.app.none },
            { key: 'createdAt', label: t.users.createdAt, children: formatDateTime(user.createdAt) },
            { key: 'lastLoginAt', label: t.users.lastLoginAt, children: formatDateTime(user.lastLoginAt) },
          ]}
        />
      )}
      <div>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t.users.roles}
        </Typography.Title>
        <UserRoles user={user} />
      </div>
    </Space>
  );
}
