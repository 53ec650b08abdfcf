import { Typography } from 'antd';
import { useId } from 'react';
import type { TotpSetup } from '../api/types';
import { useT } from '../i18n';

/** QR code and secret key of a TOTP enrolment. */
export function TotpQr({ setup }: { setup: TotpSetup }) {
  const t = useT();
  const id = useId();
  return (
    <div style={{ textAlign: 'center', marginBottom: 16 }}>
      <img className="qr-image" src={setup.qrDataUrl} alt={t.login.setupQrAlt} />
      <div id={id} style={{ marginTop: 8, fontWeight: 600 }}>
        {t.login.setupSecret}
      </div>
      <Typography.Text code copyable={{ text: setup.secret }} aria-labelledby={id} data-testid="totp-secret">
        {setup.secret}
      </Typography.Text>
    </div>
  );
}
