import { Button, Form, Space, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useLoginTotp, useTotpSetup } from '../../api/auth';
import type { Me } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TotpQr } from '../../components/TotpQr';
import { useT } from '../../i18n';
import { TotpCodeField } from './TotpCodeStep';

/** First sign-in of a user whose role requires TOTP: enrol the authenticator, then sign in with its code. */
export function TotpSetupStep({
  challengeId,
  onSignedIn,
  onBack,
}: {
  challengeId: string;
  onSignedIn: (me: Me) => void;
  onBack: () => void;
}) {
  const t = useT();
  const setup = useTotpSetup();
  const verify = useLoginTotp();
  const [form] = Form.useForm<{ code: string }>();
  const started = useRef<string | null>(null);
  const { mutate } = setup;

  useEffect(() => {
    if (started.current === challengeId) return;
    started.current = challengeId;
    mutate({ challengeId });
  }, [challengeId, mutate]);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t.login.setupTitle}
      </Typography.Title>
      <Typography.Paragraph>{t.login.setupHelp}</Typography.Paragraph>
      <ProblemAlert error={setup.error ?? verify.error} />
      {setup.data ? (
        <TotpQr setup={setup.data} />
      ) : setup.isPending ? (
        <Spin description={t.app.loading}>
          <div style={{ height: 200 }} />
        </Spin>
      ) : null}
      <Form
        form={form}
        name="login-totp-setup"
        layout="vertical"
        requiredMark={false}
        onFinish={({ code }) =>
          verify.mutate(
            { challengeId, code },
            { onSuccess: (r) => onSignedIn(r.me), onError: () => form.setFieldValue('code', '') },
          )
        }
      >
        <TotpCodeField autoFocus={false} />
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending} disabled={!setup.data}>
            {t.login.setupSubmit}
          </Button>
          <Button type="link" onClick={onBack} block>
            {t.login.back}
          </Button>
        </Space>
      </Form>
    </>
  );
}
