import { Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n';

/** The page's h1 and document title. */
export function PageTitle({ title, extra }: { title: string; extra?: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} — ${t.app.name}`;
  }, [title, t]);
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: '0 0 16px' }}>
        {title}
      </Typography.Title>
      {extra ? <div style={{ marginBottom: 16 }}>{extra}</div> : null}
    </div>
  );
}
