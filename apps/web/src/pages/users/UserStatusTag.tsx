import {} from 'antd';
import type { UserStatus } from '../../api/types';
import { useT } from '../../i18n';
import { StatusTag } from '../../components/StatusTag';

export function UserStatusTag({ status }: { status: UserStatus }) {
  const t = useT();
  return status === 'active' ? (
    <StatusTag tone="green">{t.users.statusActive}</StatusTag>
  ) : (
    <StatusTag tone="red">{t.users.statusLocked}</StatusTag>
  );
}
