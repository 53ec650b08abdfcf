import { Alert, Button, Card, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useLogout } from '../../api/auth';
import { useMe } from '../../auth/me-context';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Shown instead of every page while the user still has a default or temporary password (QĐ 742). */
export function ForcedPasswordChange() {
  const t = useT();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = `${t.password.forcedTitle} — ${t.app.name}`;
  }, [t]);
  return (
    <div className="center-screen">
      <main id="main-content" style={{ width: '100%', maxWidth: 480 }}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {t.password.forcedTitle}
          </Typography.Title>
          <Alert type="info" showIcon title={t.password.forcedHelp} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>
            <strong>{me.fullName}</strong> ({me.username})
          </Typography.Paragraph>
          <ChangePasswordForm />
          <Button
            type="link"
            style={{ marginTop: 16, paddingLeft: 0 }}
            onClick={() => logout.mutate(false, { onSettled: () => void navigate(paths.login, { replace: true }) })}
          >
            {t.menu.logout}
          </Button>
        </Card>
      </main>
    </div>
  );
}
