import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Modal } from 'antd';
import { useAuditVerify } from '../../api/audit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';

/** Re-computes the hash chain on the server and shows the first broken row, if any. */
export function AuditVerify() {
  const t = useT();
  const verify = useAuditVerify();
  const result = verify.data;
  return (
    <>
      <Button
        icon={<SafetyCertificateOutlined aria-hidden="true" />}
        loading={verify.isPending}
        onClick={() => verify.mutate()}
      >
        {t.audit.verify}
      </Button>
      <Modal
        open={!!result || verify.isError}
        title={t.audit.verify}
        onCancel={() => verify.reset()}
        footer={<Button onClick={() => verify.reset()}>{t.app.close}</Button>}
      >
        <ProblemAlert error={verify.error} />
        {result ? (
          result.ok || !result.firstBroken ? (
            <Alert type="success" showIcon role="status" title={t.audit.verifyOk(result.checked)} />
          ) : (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t.audit.verifyBroken}
              description={
                <>
                  <div>
                    {t.audit.verifyBrokenDetail(
                      result.firstBroken.seq,
                      formatDateTime(result.firstBroken.at),
                      result.firstBroken.reason,
                    )}
                  </div>
                  <div>ID: {result.firstBroken.id}</div>
                  <div>{t.audit.verifyChecked(result.checked)}</div>
                </>
              }
            />
          )
        ) : null}
      </Modal>
    </>
  );
}
