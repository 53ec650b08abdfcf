import { FilePdfOutlined, FileImageOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { type DossierDetail, type DossierFile, dossierUrls, useUploadDossierFile } from '../../api/dossiers';
import { StatusTag } from '../../components/StatusTag';
import { FilePickButton } from '../../components/FilePickButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

type Component = DossierDetail['components'][number];

const isImage = (f: DossierFile) => f.mediaType.startsWith('image/');

/**
 * A file of the dossier: images open in a dialog (<img>), PDFs in a new tab — the server's CSP
 * (frame-ancestors 'none') forbids framing, and the browser's own PDF viewer is the better reader anyway.
 */
export function FileLink({ code, file }: { code: string; file: DossierFile }) {
  const td = useT().dossiers;
  const [open, setOpen] = useState(false);
  const url = dossierUrls.file(code, file.id);
  if (!isImage(file)) {
    return (
      <a href={url} target="_blank" rel="noopener" aria-label={`${td.viewFile(file.name)} ${td.pdfNewTab}`}>
        <FilePdfOutlined aria-hidden="true" /> {file.name}
      </a>
    );
  }
  return (
    <>
      <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(true)} aria-label={td.viewFile(file.name)}>
        <FileImageOutlined aria-hidden="true" /> {file.name}
      </Button>
      <Modal
        open={open}
        title={file.name}
        footer={
          <a href={url} target="_blank" rel="noopener">
            {td.openNewTab}
          </a>
        }
        onCancel={() => setOpen(false)}
        width={900}
      >
        <img src={url} alt={file.name} style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }} />
      </Modal>
    </>
  );
}

/** Components received with their files; the one-stop officer may add a scan to each. */
export function ComponentsTable({
  dossier,
  files,
  filesError,
  canUpload,
}: {
  dossier: DossierDetail;
  files: DossierFile[] | undefined;
  filesError: unknown;
  canUpload: boolean;
}) {
  const t = useT();
  const td = t.dossiers;
  const { message } = App.useApp();
  const upload = useUploadDossierFile();
  const byComponent = new Map<string, DossierFile[]>();
  for (const f of files ?? []) {
    if (f.kind !== 'component') continue;
    const key = f.component ?? '';
    byComponent.set(key, [...(byComponent.get(key) ?? []), f]);
  }
  const known = new Set(dossier.components.map((c) => c.name));
  const orphans = [...byComponent.entries()].filter(([k]) => !known.has(k)).flatMap(([, v]) => v);

  return (
    <>
      {filesError ? <ProblemAlert error={filesError} title={td.filesUnavailable} /> : null}
      {upload.error ? <ProblemAlert error={upload.error} /> : null}
      <Table<Component>
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={dossier.components}
        locale={{ emptyText: <Empty description={t.app.none} /> }}
        columns={[
          { title: td.componentName, dataIndex: 'name' },
          { title: td.copies, dataIndex: 'copies', width: 80 },
          { title: td.componentForm, dataIndex: 'form', render: (f: string) => td.forms[f] ?? f },
          {
            title: td.received,
            dataIndex: 'received',
            render: (r: boolean) => <StatusTag tone={r ? 'green' : 'grey'}>{r ? t.app.yes : t.app.no}</StatusTag>,
          },
          {
            title: td.files,
            key: 'files',
            render: (_v, c) => (
              <Space direction="vertical" size={2}>
                {(byComponent.get(c.name) ?? []).map((f) => (
                  <FileLink key={f.id} code={dossier.code} file={f} />
                ))}
                {!byComponent.get(c.name)?.length ? (
                  <Typography.Text type="secondary">{td.noFiles}</Typography.Text>
                ) : null}
                {canUpload ? (
                  <FilePickButton
                    size="small"
                    icon={<UploadOutlined aria-hidden="true" />}
                    testId={`component-upload-${dossier.components.indexOf(c)}`}
                    loading={upload.isPending && upload.variables.component === c.name}
                    ariaLabel={`${td.upload}: ${c.name}`}
                    onFiles={([file]) => {
                      if (!file) return;
                      upload.mutate(
                        { code: dossier.code, kind: 'component', component: c.name, file },
                        { onSuccess: (saved) => void message.success(td.uploaded(saved.name)) },
                      );
                    }}
                  >
                    {td.upload}
                  </FilePickButton>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {orphans.length > 0 ? (
        <Space direction="vertical" style={{ marginTop: 8 }}>
          {orphans.map((f) => (
            <FileLink key={f.id} code={dossier.code} file={f} />
          ))}
        </Space>
      ) : null}
    </>
  );
}

/** Result files with their result codes (<mã hồ sơ>-KQ<n>, Nghị định 45/2020/NĐ-CP). */
export function ResultsList({ code, files }: { code: string; files: DossierFile[] | undefined }) {
  const t = useT();
  const td = t.dossiers;
  const results = (files ?? []).filter((f) => f.kind === 'result');
  if (results.length === 0) return <Typography.Text type="secondary">{td.noResults}</Typography.Text>;
  return (
    <Table<DossierFile>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={results}
      columns={[
        { title: td.resultCode, dataIndex: 'resultCode', render: (c: string | null) => c ?? t.app.none },
        { title: td.files, key: 'file', render: (_v, f) => <FileLink code={code} file={f} /> },
        {
          title: td.signed,
          dataIndex: 'signed',
          render: (s: boolean | undefined) =>
            s ? <StatusTag tone="green">{td.signed}</StatusTag> : <Typography.Text>{t.app.none}</Typography.Text>,
        },
      ]}
    />
  );
}
