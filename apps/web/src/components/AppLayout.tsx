import {
  OrderedListOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CalendarOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FolderOpenOutlined,
  InboxOutlined,
  MailOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useMe } from '../auth/me-context';
import { can, type Permission } from '../auth/permissions';
import { useT } from '../i18n';
import { paths } from '../routes';
import { LanguageToggle } from './LanguageToggle';
import { UserMenu } from './UserMenu';

interface MenuEntry {
  path: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
}

/** The back office frame: a menu that lists only what the user's roles allow, a header, the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const entries: MenuEntry[] = [
    { path: paths.dashboard, label: t.menu.dashboard, icon: <DashboardOutlined aria-hidden="true" /> },
    {
      path: paths.dossiers,
      label: t.menu.dossiers,
      icon: <InboxOutlined aria-hidden="true" />,
      permission: 'dossiers.read',
    },
    {
      path: paths.reception,
      label: t.menu.reception,
      icon: <FileDoneOutlined aria-hidden="true" />,
      permission: 'dossiers.read',
    },
    {
      path: paths.procedures,
      label: t.menu.procedures,
      icon: <FolderOpenOutlined aria-hidden="true" />,
      permission: 'procedures.read',
    },
    {
      path: paths.statistics,
      label: t.menu.statistics,
      icon: <BarChartOutlined aria-hidden="true" />,
      permission: 'statistics.read',
    },
    {
      path: paths.queue,
      label: t.queue.menu,
      icon: <OrderedListOutlined aria-hidden="true" />,
      permission: 'queue.serve',
    },
    { path: paths.org, label: t.menu.org, icon: <ApartmentOutlined aria-hidden="true" />, permission: 'org.read' },
    { path: paths.users, label: t.menu.users, icon: <TeamOutlined aria-hidden="true" />, permission: 'users.read' },
    { path: paths.audit, label: t.menu.audit, icon: <AuditOutlined aria-hidden="true" />, permission: 'audit.read' },
    {
      path: paths.notifications,
      label: t.notifications.menu,
      icon: <MailOutlined aria-hidden="true" />,
      permission: 'notifications.manage',
    },
    { path: paths.calendar, label: t.menu.calendar, icon: <CalendarOutlined aria-hidden="true" /> },
    { path: paths.tokens, label: t.menu.tokens, icon: <ApiOutlined aria-hidden="true" />, permission: 'tokens.manage' },
  ];
  const items: MenuProps['items'] = entries
    .filter((e) => !e.permission || can(me, e.permission))
    .map((e) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> }));
  const selected = entries
    .map((e) => e.path)
    .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main-content">
        {t.app.skipToContent}
      </a>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={232}>
        <div className="app-brand">
          {t.app.name}
          {collapsed ? null : <small>{t.app.title}</small>}
        </div>
        <nav aria-label={t.app.mainMenu}>
          <Menu theme="dark" mode="inline" items={items} selectedKeys={selected} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <LanguageToggle />
          <UserMenu />
        </Layout.Header>
        <Layout.Content className="app-content">
          <main id="main-content" tabIndex={-1}>
            {children}
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
