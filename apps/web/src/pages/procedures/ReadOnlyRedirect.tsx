import { Alert } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../i18n';

/** What a reader who opens /thu-tuc/moi sees: the catalogue is changed by provincial managers only. */
export default function ReadOnlyRedirect() {
  const t = useT().procedures;
  return <Alert type="info" showIcon title={t.readOnlyNote} action={<Link to="..">{t.backToList}</Link>} />;
}
