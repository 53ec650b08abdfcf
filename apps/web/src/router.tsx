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
