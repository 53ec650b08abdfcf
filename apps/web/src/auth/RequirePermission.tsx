import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../i18n';
import { useCan } from './me-context';
import type { Permission } from './permissions';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const t = useT();
  const allowed = useCan(permission);
  const navigate = useNavigate();
  if (allowed) return children;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t.app.forbidden}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t.app.backHome}
        </Button>
      }
    />
  );
}
