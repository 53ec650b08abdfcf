import { App, Button, Card, Popconfirm, Table, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useLogout, useRevokeSession, useSessions } from '../../api/auth';
import type { Session } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { StatusTag } from '../../components/StatusTag';

export function SessionsPage() {
  const t = useT();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();

  return (
    <>
      <PageTitle
        title={t.sessions.title}
        extra={
          <Popconfirm
            title={t.sessions.logoutAllConfirm}
            okText={t.sessions.logoutAll}
            cancelText={t.app.cancel}
            onConfirm={() =>
              logout.mutateAsync(true).then(
                () => navigate(paths.login, { replace: true }),
                (e: Error) => void message.error(e.message),
              )
            }
          >
            <Button danger loading={logout.isPending}>
              {t.sessions.logoutAll}
            </Button>
          </Popconfirm>
        }
      />
      <Typography.Paragraph>{t.sessions.help}</Typography.Paragraph>
      <ProblemAlert error={sessions.error ?? revoke.error} />
      <Card>
        <Table<Session>
          rowKey="id"
          loading={sessions.isPending}
          dataSource={sessions.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            {
              title: t.sessions.device,
              dataIndex: 'userAgent',
              render: (ua: string | null, s) => (
                <>
                  {ua ?? t.app.none} {s.current ? <StatusTag tone="green">{t.sessions.current}</StatusTag> : null}
                </>
              ),
            },
            { title: t.sessions.ip, dataIndex: 'ip', render: (ip: string | null) => ip ?? t.app.none },
            { title: t.sessions.createdAt, dataIndex: 'createdAt', render: formatDateTime },
            { title: t.sessions.lastSeenAt, dataIndex: 'lastSeenAt', render: formatDateTime },
            {
              title: t.sessions.actions,
              key: 'actions',
              render: (_, s) =>
                s.current ? null : (
                  <Popconfirm
                    title={t.sessions.revokeConfirm}
                    okText={t.sessions.revoke}
                    cancelText={t.app.cancel}
                    onConfirm={() =>
                      revoke.mutateAsync(s.id).then(
                        () => void message.success(t.sessions.revoked),
                        () => undefined,
                      )
                    }
                  >
                    <Button size="small" danger>
                      {t.sessions.revoke}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
