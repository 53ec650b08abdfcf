import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { RequirePermission } from './auth/RequirePermission';
import { AppLayout } from './components/AppLayout';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { paths } from './routes';

// Pages other than sign-in and the dashboard load on first visit.
const ChangePasswordPage = lazy(() =>
  import('./pages/account/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);
const SessionsPage = lazy(() => import('./pages/account/SessionsPage').then((m) => ({ default: m.SessionsPage })));
const TotpPage = lazy(() => import('./pages/account/TotpPage').then((m) => ({ default: m.TotpPage })));
const ApiTokensPage = lazy(() => import('./pages/ApiTokensPage').then((m) => ({ default: m.ApiTokensPage })));
const AuditPage = lazy(() => import('./pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const CalendarPage = lazy(() => import('./pages/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const OrgPage = lazy(() => import('./pages/org/OrgPage').then((m) => ({ default: m.OrgPage })));
const DossiersPage = lazy(() => import('./pages/dossiers/DossiersPage').then((m) => ({ default: m.DossiersPage })));
const DossierPage = lazy(() => import('./pages/dossiers/DossierPage').then((m) => ({ default: m.DossierPage })));
const ReceptionPage = lazy(() => import('./pages/dossiers/ReceptionPage').then((m) => ({ default: m.ReceptionPage })));
const ProceduresPage = lazy(() =>
  import('./pages/procedures/ProceduresPage').then((m) => ({ default: m.ProceduresPage })),
);
const StatisticsPage = lazy(() =>
  import('./pages/statistics/StatisticsPage').then((m) => ({ default: m.StatisticsPage })),
);
const QueuePage = lazy(() => import('./pages/queue/QueuePage').then((m) => ({ default: m.QueuePage })));
const NotificationsPage = lazy(() =>
  import('./pages/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const UsersPage = lazy(() => import('./pages/users/UsersPage').then((m) => ({ default: m.UsersPage })));

export const router = createBrowserRouter(
  [
    { path: paths.login, element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout>
            <Suspense fallback={<Spin />}>
              <Outlet />
            </Suspense>
          </AppLayout>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        {
          path: paths.dossiers.slice(1),
          element: (
            <RequirePermission permission="dossiers.read">
              <DossiersPage />
            </RequirePermission>
          ),
        },
        {
          path: `${paths.dossiers.slice(1)}/:code`,
          element: (
            <RequirePermission permission="dossiers.read">
              <DossierPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.reception.slice(1),
          element: (
            <RequirePermission permission="dossiers.read">
              <ReceptionPage />
            </RequirePermission>
          ),
        },
        {
          path: `${paths.procedures.slice(1)}/*`,
          element: (
            <RequirePermission permission="procedures.read">
              <ProceduresPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.queue.slice(1),
          element: (
            <RequirePermission permission="queue.serve">
              <QueuePage />
            </RequirePermission>
          ),
        },
        {
          path: paths.statistics.slice(1),
          element: (
            <RequirePermission permission="statistics.read">
              <StatisticsPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.org.slice(1),
          element: (
            <RequirePermission permission="org.read">
              <OrgPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.users.slice(1),
          element: (
            <RequirePermission permission="users.read">
              <UsersPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.audit.slice(1),
          element: (
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          ),
        },
        {
          path: paths.notifications.slice(1),
          element: (
            <RequirePermission permission="notifications.manage">
              <NotificationsPage />
            </RequirePermission>
          ),
        },
        { path: paths.calendar.slice(1), element: <CalendarPage /> },
        {
          path: paths.tokens.slice(1),
          element: (
            <RequirePermission permission="tokens.manage">
              <ApiTokensPage />
            </RequirePermission>
          ),
        },
        { path: paths.password.slice(1), element: <ChangePasswordPage /> },
        { path: paths.sessions.slice(1), element: <SessionsPage /> },
        { path: paths.totp.slice(1), element: <TotpPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);
