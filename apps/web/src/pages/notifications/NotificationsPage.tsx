import { Tabs, Typography } from 'antd';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import { OutboxPanel } from './OutboxPanel';
import { TemplatesPanel } from './TemplatesPanel';

/** /app/thong-bao: the notification templates (editable) and the outbox, for province administrators. */
export function NotificationsPage() {
  const t = useT().notifications;
  return (
    <>
      <PageTitle title={t.title} />
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'templates', label: t.tabs.templates, children: <TemplatesPanel /> },
          { key: 'outbox', label: t.tabs.outbox, children: <OutboxPanel /> },
        ]}
      />
    </>
  );
}
