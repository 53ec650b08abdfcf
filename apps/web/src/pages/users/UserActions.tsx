import { EditOutlined, KeyOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { applyProblemToForm } from '../../api/problem';
import type { UserDetail } from '../../api/types';
import { useLockUser, useResetPassword, useUnlockUser } from '../../api/users';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SecretOnce } from '../../components/SecretOnce';
import { useT } from '../../i18n';

/** Edit / lock / unlock / reset password buttons of the user drawer (users.manage). */
export function UserActions({ user, onEdit }: { user: UserDetail; onEdit: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const unlock = useUnlockUser(user.id);
  const reset = useResetPassword(user.id);
  const [locking, setLocking] = useState(false);
  return (
    <>
      <Button icon={<EditOutlined aria-hidden="true" />} onClick={onEdit}>
        {t.users.editTitle}
      </Button>
      {user.status === 'active' ? (
        <Button danger icon={<LockOutlined aria-hidden="true" />} onClick={() => setLocking(true)}>
          {t.users.lock}
        </Button>
      ) : (
        <Popconfirm
          title={t.users.unlockConfirm}
          okText={t.users.unlock}
          cancelText={t.app.cancel}
          onConfirm={() =>
            unlock.mutateAsync().then(
              () => void message.success(t.users.unlocked),
              (e: Error) => void message.error(e.message),
            )
          }
        >
          <Button icon={<UnlockOutlined aria-hidden="true" />} loading={unlock.isPending}>
            {t.users.unlock}
          </Button>
        </Popconfirm>
      )}
      <Popconfirm
        title={t.users.resetConfirm}
        okText={t.users.resetPassword}
        cancelText={t.app.cancel}
        onConfirm={() =>
          reset.mutateAsync().then(
            () => undefined,
            (e: Error) => void message.error(e.message),
          )
        }
      >
        <Button icon={<KeyOutlined aria-hidden="true" />} loading={reset.isPending}>
          {t.users.resetPassword}
        </Button>
      </Popconfirm>
      <LockUserModal user={user} open={locking} onClose={() => setLocking(false)} />
      <Modal
        open={!!reset.data}
        title={t.users.tempPasswordTitle}
        onCancel={() => reset.reset()}
        footer={<Button onClick={() => reset.reset()}>{t.app.close}</Button>}
      >
        {reset.data ? (
          <SecretOnce
            label={t.users.tempPasswordLabel}
            value={reset.data.temporaryPassword}
            help={t.users.tempPasswordHelp}
          />
        ) : null}
      </Modal>
    </>
  );
}

function LockUserModal({ user, open, onClose }: { user: UserDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const lock = useLockUser(user.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const close = () => {
    form.resetFields();
    lock.reset();
    onClose();
  };
  return (
    <Modal open={open} title={`${t.users.lock}: ${user.fullName}`} onCancel={close} footer={null} destroyOnHidden>
      <ProblemAlert error={lock.error} />
      <Form
        form={form}
        name="lock-user"
        layout="vertical"
        onFinish={({ reason }) =>
          lock.mutate(reason.trim(), {
            onSuccess: () => {
              void message.success(t.users.locked);
              close();
            },
            onError: (e) => applyProblemToForm(form, e),
          })
        }
      >
        <Form.Item
          label={t.users.lockReason}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t.login.required }]}
        >
          <Input.TextArea rows={3} autoFocus maxLength={500} />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={close}>{t.app.cancel}</Button>
          <Button danger type="primary" htmlType="submit" loading={lock.isPending}>
            {t.users.lockSubmit}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
