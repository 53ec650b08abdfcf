import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n';

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden="true" />}
      lang={lang === 'vi' ? 'en' : 'vi'}
      title={t.app.languageLabel}
      onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
    >
      {t.app.language}
    </Button>
  );
}
