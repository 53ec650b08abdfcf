import { Alert, Card, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useMeQuery } from '../api/auth';
import { keys } from '../api/keys';
import type { Me } from '../api/types';
import { LanguageToggle } from '../components/LanguageToggle';
import { useT } from '../i18n';
import { PasswordStep } from './login/PasswordStep';
import { TotpCodeStep } from './login/TotpCodeStep';
import { TotpSetupStep } from './login/TotpSetupStep';

type Step = { kind: 'password' } | { kind: 'totp'; challengeId: string } | { kind: 'setup'; challengeId: string };

/** Staff sign-in: password, then (if required) the TOTP code or the TOTP set-up. */
export function LoginPage() {
  const t = useT();
  const me = useMeQuery();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const next = (location.state as { next?: string } | null)?.next ?? '/';
  const [sessionEnded] = useState(() => client.getQueryData<boolean>(keys.sessionEnded) === true);

  useEffect(() => {
    document.title = `${t.login.title} — ${t.app.name}`;
  }, [t]);

  const signedIn = (who: Me) => {
    client.setQueryData(keys.sessionEnded, false);
    client.setQueryData(keys.me, who);
    void navigate(next, { replace: true });
  };

  if (me.data) return <Navigate to={next} replace />;

  return (
    <div className="center-screen">
      <main id="main-content" style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ textAlign: 'right', marginBottom: 8 }}>
          <LanguageToggle />
        </div>
        {sessionEnded ? (
          <Alert type="info" showIcon role="status" title={t.app.sessionExpired} style={{ marginBottom: 12 }} />
        ) : null}
        <Card>
          <Typography.Text type="secondary">
            {t.app.name} — {t.app.title}
          </Typography.Text>
          {step.kind === 'password' ? (
            <PasswordStep
              onResult={(result) => {
                switch (result.status) {
                  case 'ok':
                    signedIn(result.me);
                    break;
                  case 'totp_required':
                    setStep({ kind: 'totp', challengeId: result.challengeId });
                    break;
                  case 'totp_setup_required':
                    setStep({ kind: 'setup', challengeId: result.challengeId });
                    break;
                }
              }}
            />
          ) : step.kind === 'totp' ? (
            <TotpCodeStep
              challengeId={step.challengeId}
              onSignedIn={signedIn}
              onBack={() => setStep({ kind: 'password' })}
            />
          ) : (
            <TotpSetupStep
              challengeId={step.challengeId}
              onSignedIn={signedIn}
              onBack={() => setStep({ kind: 'password' })}
            />
          )}
        </Card>
      </main>
    </div>
  );
}
