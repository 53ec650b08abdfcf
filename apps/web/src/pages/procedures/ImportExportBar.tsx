import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  EXPORT_JSON_URL,
  EXPORT_XLSX_URL,
  type ImportResult,
  useImportJson,
  useImportXlsx,
} from '../../api/procedures';
import { ApiError } from '../../api/problem';
import { FilePickButton } from '../../components/FilePickButton';
import { useT } from '../../i18n';

const XLSX_ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Export (anyone who reads the catalogue) and import (catalogue managers) of JSON and Excel files. */
export function ImportExportBar({ canManage }: { canManage: boolean }) {
  const t = useT().procedures;
  const importJson = useImportJson();
  const importXlsx = useImportXlsx();
  const [result, setResult] = useState<{ ok: ImportResult } | { error: unknown } | null>(null);
  const run = (p: Promise<ImportResult>) =>
    p.then(
      (ok) => setResult({ ok }),
      (error: unknown) => setResult({ error }),
    );
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined aria-hidden="true" />} href={EXPORT_XLSX_URL} download>
        {t.exportXlsx}
      </Button>
      <Button icon={<DownloadOutlined aria-hidden="true" />} href={EXPORT_JSON_URL} download>
        {t.exportJson}
      </Button>
      {canManage ? (
        <>
          <FilePickButton
            accept={XLSX_ACCEPT}
            icon={<UploadOutlined aria-hidden="true" />}
            loading={importXlsx.isPending}
            testId="import-xlsx"
            onFiles={([file]) => file && void run(importXlsx.mutateAsync(file))}
          >
            {t.importXlsx}
          </FilePickButton>
          <FilePickButton
            accept=".json,application/json"
            icon={<UploadOutlined aria-hidden="true" />}
            loading={importJson.isPending}
            testId="import-json"
            onFiles={([file]) => file && void run(importJson.mutateAsync(file))}
          >
            {t.importJson}
          </FilePickButton>
        </>
      ) : null}
      <Modal
        open={result !== null}
        title={t.importResultTitle}
        onCancel={() => setResult(null)}
        onOk={() => setResult(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={720}
      >
        {result && 'ok' in result ? <ImportSummary result={result.ok} /> : null}
        {result && 'error' in result ? <ImportErrors error={result.error} /> : null}
      </Modal>
    </Space>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const t = useT().procedures;
  return (
    <ul data-testid="import-summary">
      <li>{t.importCreated(result.created.length)}</li>
      <li>{t.importUpdated(result.updated.length)}</li>
      <li>{t.importUnchanged(result.unchanged.length)}</li>
    </ul>
  );
}

function ImportErrors({ error }: { error: unknown }) {
  const t = useT().procedures;
  if (error instanceof SyntaxError) return <Typography.Text type="danger">{t.importBadJson}</Typography.Text>;
  const problem = error instanceof ApiError ? error.problem : null;
  const errors = problem?.errors ?? [];
  return (
    <div role="alert">
      <Typography.Paragraph type="danger">{errors.length ? t.importErrors : problem?.detail}</Typography.Paragraph>
      {errors.length ? (
        <ul style={{ maxHeight: 360, overflow: 'auto' }}>
          {errors.map((e) => (
            <li key={e.field + e.message}>
              {e.message.includes(': ') || e.field.startsWith('/') === false ? e.message : `${e.field}: ${e.message}`}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
