import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMeQuery } from '../api/auth';
import { useT } from '../i18n';
import { ForcedPasswordChange } from '../pages/account/ForcedPasswordChange';
import { MeContext } from './me-context';

/** Renders children for a signed-in staff member; otherwise the sign-in page or the forced password change. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const me = useMeQuery();
  if (me.isPending) {
    return (
      <div className="center-screen">
        <Spin size="large" description={t.app.loading}>
          <div style={{ width: 120, height: 80 }} />
        </Spin>
      </div>
    );
  }
  if (me.isError) {
    return (
      <Result
        status="error"
        title={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t.app.reload}
          </Button>
        }
      />
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to="/dang-nhap" replace state={next === '/' ? undefined : { next }} />;
  }
  return (
    <MeContext.Provider value={me.data}>
      {me.data.mustChangePassword ? <ForcedPasswordChange /> : children}
    </MeContext.Provider>
  );
}
