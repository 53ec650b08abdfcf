import { App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useChangePassword } from '../../api/auth';
import { applyProblemToForm, type FieldProblem } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const change = useChangePassword();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  return (
    <>
      <ProblemAlert error={change.error} extraFields={rest} />
      <Form<Values>
        form={form}
        name="change-password"
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={({ currentPassword, newPassword }) =>
          change.mutate(
            { currentPassword, newPassword },
            {
              onSuccess: () => {
                form.resetFields();
                setRest([]);
                void message.success(t.password.done);
                onDone?.();
              },
              onError: (e) => setRest(applyProblemToForm(form, e)),
            },
          )
        }
      >
        <Form.Item
          label={t.password.current}
          name="currentPassword"
          rules={[{ required: true, message: t.login.required }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t.password.next}
          name="newPassword"
          rules={[{ required: true, message: t.login.required }]}
          extra={<Typography.Text type="secondary">{t.password.hint}</Typography.Text>}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t.password.confirm}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t.login.required },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.password.mismatch)),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t.password.submit}
        </Button>
      </Form>
    </>
  );
}
