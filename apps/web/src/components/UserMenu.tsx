import {
  DownOutlined,
  KeyOutlined,
  LaptopOutlined,
  LogoutOutlined,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useMe } from '../auth/me-context';
import { useT } from '../i18n';
import { paths } from '../routes';

/** Header block: user name, agency, and the account actions. */
export function UserMenu() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  const agency = me.grants[0]?.agencyName;

  const items: MenuProps['items'] = [
    { key: paths.password, icon: <KeyOutlined aria-hidden="true" />, label: t.menu.changePassword },
    { key: paths.sessions, icon: <LaptopOutlined aria-hidden="true" />, label: t.menu.sessions },
    { key: paths.totp, icon: <SafetyOutlined aria-hidden="true" />, label: t.menu.totp },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined aria-hidden="true" />, label: t.menu.logout, danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'logout') {
      logout.mutate(false, {
        onSettled: () => void navigate(paths.login, { replace: true }),
        onError: (e) => void message.error(e.message),
      });
    } else {
      void navigate(key);
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" icon={<UserOutlined aria-hidden="true" />} style={{ height: 'auto' }}>
        <span className="sr-only">{t.menu.account}: </span>
        <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', lineHeight: 1.2 }}>
          <strong>{me.fullName}</strong>
          {agency ? <small style={{ color: '#555' }}>{agency}</small> : null}
        </span>
        <DownOutlined aria-hidden="true" style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
