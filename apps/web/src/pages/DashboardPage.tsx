import { Card, Col, Empty, List, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useRoles } from '../api/org';
import { useMe } from '../auth/me-context';
import { can, type Permission } from '../auth/permissions';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { paths } from '../routes';
import { StatusTag } from '../components/StatusTag';

/** The foundation has no business figures yet: say what exists instead of showing invented numbers. */
export function DashboardPage() {
  const t = useT();
  const me = useMe();
  const roles = useRoles();
  const roleName = (code: string, name: string) => roles.data?.find((r) => r.code === code)?.name ?? name;
  const features: { path: string; title: string; text: string; permission?: Permission }[] = [
    { path: paths.org, title: t.menu.org, text: t.dashboard.features.org, permission: 'org.read' },
    { path: paths.users, title: t.menu.users, text: t.dashboard.features.users, permission: 'users.read' },
    { path: paths.audit, title: t.menu.audit, text: t.dashboard.features.audit, permission: 'audit.read' },
    { path: paths.calendar, title: t.menu.calendar, text: t.dashboard.features.calendar },
    { path: paths.tokens, title: t.menu.tokens, text: t.dashboard.features.tokens, permission: 'tokens.manage' },
    { path: paths.password, title: t.menu.account, text: t.dashboard.features.account },
  ];
  return (
    <>
      <PageTitle title={t.dashboard.title} />
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.dashboard.hello(me.fullName)}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.whatExists}</h2>}>
            <Typography.Paragraph type="secondary">{t.dashboard.whatExistsHelp}</Typography.Paragraph>
            <List
              dataSource={features.filter((f) => !f.permission || can(me, f.permission))}
              renderItem={(f) => (
                <List.Item>
                  <List.Item.Meta title={<Link to={f.path}>{f.title}</Link>} description={f.text} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.yourRoles}</h2>}>
            {me.grants.length ? (
              <List
                dataSource={me.grants}
                renderItem={(g) => (
                  <List.Item>
                    <List.Item.Meta
                      title={<StatusTag tone="blue">{roleName(g.roleCode, g.roleName)}</StatusTag>}
                      description={g.agencyName}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Paragraph>{t.dashboard.noRoles}</Typography.Paragraph>
            )}
          </Card>
          <Card style={{ marginTop: 16 }}>
            <Empty description={t.dashboard.nothingYet} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
