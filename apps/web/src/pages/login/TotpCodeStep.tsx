import { Button, Form, Input, Space, Typography } from 'antd';
import { useLoginTotp } from '../../api/auth';
import type { Me } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

/** The 6-digit code field shared by the TOTP steps. */
export function TotpCodeField({ autoFocus = true }: { autoFocus?: boolean }) {
  const t = useT();
  return (
    <Form.Item
      label={t.login.totpCode}
      name="code"
      normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
      rules={[{ required: true, pattern: /^\d{6}$/, message: t.login.totpCodeInvalid }]}
    >
      <Input
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={6}
        size="large"
        autoFocus={autoFocus}
        style={{ letterSpacing: 4, fontSize: 20 }}
      />
    </Form.Item>
  );
}

export function TotpCodeStep({
  challengeId,
  onSignedIn,
  onBack,
}: {
  challengeId: string;
  onSignedIn: (me: Me) => void;
  onBack: () => void;
}) {
  const t = useT();
  const verify = useLoginTotp();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t.login.totpTitle}
      </Typography.Title>
      <Typography.Paragraph>{t.login.totpHelp}</Typography.Paragraph>
      <ProblemAlert error={verify.error} />
      <Form
        form={form}
        name="login-totp"
        layout="vertical"
        requiredMark={false}
        onFinish={({ code }) =>
          verify.mutate(
            { challengeId, code },
            { onSuccess: (r) => onSignedIn(r.me), onError: () => form.setFieldValue('code', '') },
          )
        }
      >
        <TotpCodeField />
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
            {t.login.totpSubmit}
          </Button>
          <Button type="link" onClick={onBack} block>
            {t.login.back}
          </Button>
        </Space>
      </Form>
    </>
  );
}
