import { App, Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTotpDisable, useTotpEnable, useTotpSetup } from '../../api/auth';
import { applyProblemToForm } from '../../api/problem';
import { useMe } from '../../auth/me-context';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TotpQr } from '../../components/TotpQr';
import { useT } from '../../i18n';
import { TotpCodeField } from '../login/TotpCodeStep';

/** Turn TOTP on (QR + code) or off (password), for the signed-in user. */
export function TotpPage() {
  const t = useT();
  const me = useMe();
  return (
    <>
      <PageTitle title={t.totp.title} />
      <Card>
        <Alert
          type={me.totpEnabled ? 'success' : 'warning'}
          showIcon
          title={me.totpEnabled ? t.totp.enabled : t.totp.disabled}
          style={{ marginBottom: 16 }}
        />
        {me.totpEnabled ? (
          me.totpRequired ? (
            <Typography.Paragraph>{t.totp.required}</Typography.Paragraph>
          ) : (
            <DisableTotp />
          )
        ) : (
          <EnableTotp />
        )}
      </Card>
    </>
  );
}

function EnableTotp() {
  const t = useT();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  if (!setup.data) {
    return (
      <>
        <ProblemAlert error={setup.error} />
        <Button type="primary" loading={setup.isPending} onClick={() => setup.mutate({})}>
          {t.totp.start}
        </Button>
      </>
    );
  }
  return (
    <div style={{ maxWidth: 420 }}>
      <Typography.Paragraph>{t.login.setupHelp}</Typography.Paragraph>
      <TotpQr setup={setup.data} />
      <ProblemAlert error={enable.error} />
      <Form
        form={form}
        name="totp-enable"
        layout="vertical"
        onFinish={({ code }) =>
          enable.mutate(code, {
            onSuccess: () => void message.success(t.totp.enabledDone),
            onError: () => form.setFieldValue('code', ''),
          })
        }
      >
        <TotpCodeField />
        <Button type="primary" htmlType="submit" loading={enable.isPending}>
          {t.totp.enable}
        </Button>
      </Form>
    </div>
  );
}

function DisableTotp() {
  const t = useT();
  const disable = useTotpDisable();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button danger onClick={() => setOpen(true)}>
        {t.totp.disable}
      </Button>
    );
  }
  return (
    <div style={{ maxWidth: 420 }}>
      <Typography.Paragraph>{t.totp.disableHelp}</Typography.Paragraph>
      <ProblemAlert error={disable.error} />
      <Form
        form={form}
        name="totp-disable"
        layout="vertical"
        onFinish={({ password }) =>
          disable.mutate(password, {
            onSuccess: () => void message.success(t.totp.disabledDone),
            onError: (e) => applyProblemToForm(form, e),
          })
        }
      >
        <Form.Item label={t.password.current} name="password" rules={[{ required: true, message: t.login.required }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Space>
          <Button danger type="primary" htmlType="submit" loading={disable.isPending}>
            {t.totp.disable}
          </Button>
          <Button onClick={() => setOpen(false)}>{t.app.cancel}</Button>
        </Space>
      </Form>
    </div>
  );
}
