import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { UserStatus, UserSummary } from '../../api/types';
import { useUserList, type UserListQuery } from '../../api/users';
import { useCan } from '../../auth/me-context';
import { AgencySelect } from '../../components/AgencySelect';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { CreateUserModal } from './CreateUserModal';
import { UserDrawer } from './UserDrawer';
import { UserStatusTag } from './UserStatusTag';

export function UsersPage() {
  const t = useT();
  const canManage = useCan('users.manage');
  const [query, setQuery] = useState<UserListQuery>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useUserList(query);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<UserListQuery>) =>
    setQuery((q) => {
      const next: UserListQuery = { ...q, ...patch };
      for (const key of Object.keys(next) as (keyof UserListQuery)[]) if (!next[key]) delete next[key];
      return next;
    });

  return (
    <>
      <PageTitle
        title={t.users.title}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setCreating(true)}>
              {t.users.create}
            </Button>
          ) : null
        }
      />
      <Card>
        <Form name="user-filters" layout="inline" requiredMark={false} style={{ rowGap: 8, marginBottom: 16 }}>
          <Form.Item label={t.users.search} htmlFor="user-search">
            <Input.Search
              id="user-search"
              placeholder={t.users.searchHelp}
              allowClear
              style={{ width: 260 }}
              onSearch={(q) => set({ q: q.trim() })}
            />
          </Form.Item>
          <Form.Item label={t.users.filterStatus} htmlFor="user-status">
            <Select<UserStatus | ''>
              id="user-status"
              style={{ width: 170 }}
              value={query.status ?? ''}
              onChange={(status) => set({ status: status || undefined })}
              options={[
                { value: '', label: t.app.all },
                { value: 'active', label: t.users.statusActive },
                { value: 'locked', label: t.users.statusLocked },
              ]}
            />
          </Form.Item>
          <Form.Item label={t.users.filterAgency} htmlFor="user-agency">
            <AgencySelect
              id="user-agency"
              allowClear
              value={query.agencyId}
              onChange={(agencyId) => set({ agencyId })}
            />
          </Form.Item>
        </Form>
        <ProblemAlert error={list.error} />
        <Table<UserSummary>
          rowKey="id"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t.users.empty }}
          columns={[
            {
              title: t.users.fullName,
              dataIndex: 'fullName',
              render: (name: string, u) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(u.id)}>
                  {name}
                </Button>
              ),
            },
            { title: t.users.username, dataIndex: 'username' },
            { title: t.users.agency, dataIndex: 'agencyName', onCell: () => ({ style: { minWidth: 180 } }) },
            { title: t.users.email, dataIndex: 'email', render: (e: string | null) => e ?? t.app.none },
            { title: t.users.status, dataIndex: 'status', render: (s: UserStatus) => <UserStatusTag status={s} /> },
            { title: t.users.createdAt, dataIndex: 'createdAt', render: formatDate },
          ]}
        />
        <Space style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" aria-live="polite">
            {t.users.countLoaded(rows.length)}
          </Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t.app.loadMore}
            </Button>
          ) : null}
        </Space>
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} onOpenUser={setOpenId} />
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
