import { Alert, Typography } from 'antd';
import { useId } from 'react';

/** A secret (temporary password, API key) shown once, selectable and copyable, with a label. */
export function SecretOnce({ label, value, help }: { label: string; value: string; help: string }) {
  const id = useId();
  return (
    <div>
      <Alert type="warning" showIcon title={help} style={{ marginBottom: 12 }} />
      <div id={id} style={{ fontWeight: 600, marginBottom: 4 }}>
        {label}
      </div>
      <Typography.Paragraph
        copyable={{ text: value }}
        code
        aria-labelledby={id}
        data-testid="secret-value"
        style={{ fontSize: 18, wordBreak: 'break-all' }}
      >
        {value}
      </Typography.Paragraph>
    </div>
  );
}
