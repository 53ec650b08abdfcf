import { Alert, App, Button, Form, Popconfirm, Space, Spin, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Procedure,
  type ProcedureVersion,
  useArchiveProcedure,
  useProcedure,
  useProcedureVersions,
  usePublishProcedure,
  useUpdateProcedure,
} from '../../api/procedures';
import { ApiError } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { ProcedureEditor } from './ProcedureEditor';
import { ProcedureStatusTag } from './ProcedureStatusTag';
import { toFormValues } from './procedure-form';
import { useCanManageCatalogue } from './use-can-manage';

export function ProcedureDetailPage() {
  const { id = '' } = useParams();
  const t = useT().procedures;
  const query = useProcedure(id);
  const canManage = useCanManageCatalogue();
  // The form is built from the version the user started from; background refetches do not overwrite edits.
  const [base, setBase] = useState<Procedure | null>(null);
  useEffect(() => {
    if (query.data && (!base || base.id !== query.data.id)) setBase(query.data);
  }, [query.data, base]);
  const shown = base && base.id === id ? base : null;

  if (query.error) return <ProblemAlert error={query.error} />;
  if (!shown) return <Spin />;
  return (
    <>
      <PageTitle
        title={shown.name}
        extra={
          <Link to="..">
            <Button>{t.backToList}</Button>
          </Link>
        }
      />
      <Space wrap style={{ marginBottom: 16 }} data-testid="procedure-state">
        <Tag>{shown.code}</Tag>
        {shown.codeIsLocal ? <Tag>{t.localCode}</Tag> : null}
        <ProcedureStatusTag status={shown.status} />
        {shown.publishedVersion ? <Tag>{`${t.versionCol} ${shown.publishedVersion}`}</Tag> : null}
        {shown.hasUnpublishedChanges && shown.status !== 'archived' ? <Tag>{t.unpublishedChanges}</Tag> : null}
        <span>{t.workingVersion(shown.version)}</span>
      </Space>
      <Editor
        key={`${shown.id}:${shown.version}`}
        procedure={shown}
        canManage={canManage}
        onChanged={setBase}
        reload={async () => {
          const fresh = await query.refetch();
          if (fresh.data) setBase(fresh.data);
        }}
      />
    </>
  );
}

function Editor({
  procedure,
  canManage,
  onChanged,
  reload,
}: {
  procedure: Procedure;
  canManage: boolean;
  onChanged: (p: Procedure) => void;
  reload: () => Promise<void>;
}) {
  const t = useT().procedures;
  const { message } = App.useApp();
  const update = useUpdateProcedure(procedure.id);
  return (
    <ProcedureEditor
      initial={toFormValues(procedure)}
      canEdit={canManage}
      saving={update.isPending}
      onSave={async (input) => {
        const p = await update.mutateAsync({ ...input, version: procedure.version });
        void message.success(t.saved);
        onChanged(p);
      }}
      staleAlert={
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t.staleTitle}
          description={t.staleDetail}
          action={<Button onClick={() => void reload()}>{t.reloadLatest}</Button>}
          style={{ marginBottom: 16 }}
        />
      }
      actions={canManage ? <LifecycleButtons procedure={procedure} onChanged={onChanged} /> : null}
      extraTabs={[{ key: 'versions', label: t.tabs.versions, children: <Versions id={procedure.id} /> }]}
    />
  );
}

/** Publish / archive (inside the form: publishing is refused while there are unsaved edits). */
function LifecycleButtons({ procedure, onChanged }: { procedure: Procedure; onChanged: (p: Procedure) => void }) {
  const t = useT().procedures;
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const publish = usePublishProcedure(procedure.id);
  const archive = useArchiveProcedure(procedure.id);
  const fail = (e: unknown) => void message.error(e instanceof ApiError ? e.problem.detail : String(e));
  return (
    <>
      <Popconfirm
        title={t.publishConfirm}
        okText={t.confirmOk}
        cancelText={t.confirmCancel}
        onConfirm={() => {
          if (form.isFieldsTouched()) {
            void message.warning(t.saveFirst);
            return;
          }
          publish.mutateAsync(procedure.version).then((p) => {
            void message.success(t.published(p.publishedVersion ?? 0));
            onChanged(p);
          }, fail);
        }}
      >
        <Button loading={publish.isPending}>{t.publish}</Button>
      </Popconfirm>
      {procedure.status !== 'archived' ? (
        <Popconfirm
          title={t.archiveConfirm}
          okText={t.confirmOk}
          cancelText={t.confirmCancel}
          onConfirm={() =>
            archive.mutateAsync(procedure.version).then((p) => {
              void message.success(t.archived);
              onChanged(p);
            }, fail)
          }
        >
          <Button danger loading={archive.isPending}>
            {t.archive}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );
}

function Versions({ id }: { id: string }) {
  const t = useT().procedures;
  const versions = useProcedureVersions(id);
  return (
    <>
      <ProblemAlert error={versions.error} />
      <Table<ProcedureVersion>
        rowKey="revision"
        loading={versions.isPending}
        dataSource={versions.data ?? []}
        pagination={false}
        locale={{ emptyText: t.versionsEmpty }}
        columns={[
          { title: t.versionCol, dataIndex: 'revision', width: 100 },
          { title: t.versionSource, dataIndex: 'sourceVersion', width: 120 },
          { title: t.versionAt, dataIndex: 'publishedAt', render: (d: string) => formatDateTime(d) },
          { title: t.versionBy, dataIndex: 'publishedByName', render: (n: string | null) => n ?? '—' },
        ]}
      />
    </>
  );
}
