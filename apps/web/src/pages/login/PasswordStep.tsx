import { Button, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLogin } from '../../api/auth';
import { ApiError } from '../../api/problem';
import type { LoginResult } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

interface Values {
  username: string;
  password: string;
}

export function PasswordStep({ onResult }: { onResult: (result: LoginResult) => void }) {
  const t = useT();
  const login = useLogin();
  const [form] = Form.useForm<Values>();
  const error = login.error;
  const retryAfter = error instanceof ApiError ? error.problem.retryAfter : undefined;
  const locked = error instanceof ApiError && error.code === 'account_locked' && typeof retryAfter === 'number';

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t.login.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.login.subtitle}</Typography.Paragraph>
      {error ? (
        <ProblemAlert
          error={error}
          extraFields={
            locked
              ? [{ field: '/', message: t.login.lockedUntil(dayjs().add(retryAfter, 'second').format('HH:mm')) }]
              : []
          }
        />
      ) : null}
      <Form<Values>
        form={form}
        name="login"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          login.mutate(values, {
            onSuccess: onResult,
            onError: () => form.setFieldValue('password', ''),
          })
        }
      >
        <Form.Item
          label={t.login.username}
          name="username"
          rules={[{ required: true, whitespace: true, message: t.login.required }]}
        >
          <Input autoComplete="username" autoFocus size="large" autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item label={t.login.password} name="password" rules={[{ required: true, message: t.login.required }]}>
          <Input.Password autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t.login.submit}
        </Button>
      </Form>
    </>
  );
}
