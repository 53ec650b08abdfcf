import { Card } from 'antd';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ChangePasswordPage() {
  const t = useT();
  return (
    <>
      <PageTitle title={t.password.title} />
      <Card>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
