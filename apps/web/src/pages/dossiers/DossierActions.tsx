import { UploadOutlined } from '@ant-design/icons';
import { App, Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  type ActionBody,
  type DossierActionName,
  type DossierDetail,
  type DossierFile,
  uploadDossierFile,
  useAssignees,
  useDossierAction,
  useTransferTargets,
} from '../../api/dossiers';
import { ApiError, applyProblemToForm, type FieldProblem } from '../../api/problem';
import { useMe } from '../../auth/me-context';
import { FilePickButton } from '../../components/FilePickButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

/**
 * What each action asks for. Mirrors `required`/`optional` of the server's action table
 * (apps/server/src/modules/dossiers/dossier-actions.ts); the server checks again and answers 422.
 */
interface ActionFields {
  reason?: boolean;
  note?: boolean;
  assignee?: boolean;
  targetAgency?: boolean;
  result?: boolean;
  returnMethod?: boolean;
  newDueAt?: boolean;
  danger?: boolean;
}

const FIELDS: Record<DossierActionName, ActionFields> = {
  receive: { note: true, assignee: true },
  request_supplement: { reason: true, note: true },
  supplement: { note: true },
  refuse: { reason: true, note: true, danger: true },
  forward: { note: true, assignee: true },
  return_to_previous_step: { reason: true, note: true },
  transfer_to_agency: { targetAgency: true, note: true },
  approve: { note: true, assignee: true },
  attach_result: { result: true, note: true },
  return_result: { returnMethod: true, note: true },
  withdraw: { reason: true, danger: true },
  reject: { reason: true, note: true, danger: true },
  stop: { reason: true, note: true, danger: true },
  extend_deadline: { reason: true, newDueAt: true, note: true },
};

/**
 * The workflow step an action hands the dossier to, whose holder the officer may choose: reception → the first
 * step; forward and approve → the next one (approving the last step assigns nobody). Mirrors `transition` of the
 * server (dossier-states.ts); GET /dossiers/{code}/assignees checks it again.
 */
export function assignedStep(
  action: DossierActionName,
  dossier: Pick<DossierDetail, 'currentStep' | 'workflow'>,
): number | null {
  if (action === 'receive') return 0;
  if (action !== 'forward' && action !== 'approve') return null;
  if (dossier.currentStep === null || dossier.currentStep >= dossier.workflow.length - 1) return null;
  return dossier.currentStep + 1;
}

/** The buttons: exactly the actions the server lists in `allowedActions`, in its order. */
export function DossierActionButtons({
  dossier,
  files,
  onReload,
}: {
  dossier: DossierDetail;
  files: DossierFile[] | undefined;
  onReload: () => void;
}) {
  const td = useT().dossiers;
  const [open, setOpen] = useState<DossierActionName | null>(null);
  if (dossier.allowedActions.length === 0) return <Alert type="info" showIcon title={td.noActions} />;
  return (
    <>
      <Space wrap data-testid="dossier-actions">
        {dossier.allowedActions.map((action, i) => (
          <Button
            key={action}
            type={i === 0 && !FIELDS[action].danger ? 'primary' : 'default'}
            danger={FIELDS[action].danger}
            onClick={() => setOpen(action)}
          >
            {td.actions[action] ?? action}
          </Button>
        ))}
      </Space>
      {open ? (
        <ActionModal
          key={open}
          action={open}
          dossier={dossier}
          files={files}
          onClose={() => setOpen(null)}
          onReload={onReload}
        />
      ) : null}
    </>
  );
}

interface ActionForm {
  reason?: string;
  note?: string;
  assigneeId?: string;
  targetAgencyId?: string;
  returnMethod?: 'counter' | 'post' | 'online';
  newDueAt?: Dayjs;
  existingResultIds?: string[];
  sign?: boolean;
}

function ActionModal({
  action,
  dossier,
  files,
  onClose,
  onReload,
}: {
  action: DossierActionName;
  dossier: DossierDetail;
  files: DossierFile[] | undefined;
  onClose: () => void;
  onReload: () => void;
}) {
  const t = useT();
  const td = t.dossiers;
  const { message } = App.useApp();
  const me = useMe();
  const spec = FIELDS[action];
  const step = spec.assignee ? assignedStep(action, dossier) : null;
  const [form] = Form.useForm<ActionForm>();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldProblem[]>([]);
  const [resultList, setResultList] = useState<File[]>([]);
  // Result files uploaded by an earlier try of this dialog (a retry does not upload them again).
  const [uploadedIds, setUploadedIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const run = useDossierAction(dossier.code);
  const targets = useTransferTargets(dossier.code, !!spec.targetAgency);
  const assignees = useAssignees(dossier.code, step, step !== null);
  const isLeaderHere = me.grants.some((g) => g.roleCode === 'lanh_dao' && g.agencyId === dossier.currentAgencyId);
  const looseResults = (files ?? []).filter((f) => f.kind === 'result');
  const label = td.actions[action] ?? action;

  const submit = async (values: ActionForm) => {
    setError(null);
    setExtra([]);
    setBusy(true);
    try {
      const body: ActionBody = { version: dossier.version };
      if (values.reason?.trim()) body.reason = values.reason.trim();
      if (values.note?.trim()) body.note = values.note.trim();
      if (values.assigneeId) body.assigneeId = values.assigneeId;
      if (values.targetAgencyId) body.targetAgencyId = values.targetAgencyId;
      if (values.returnMethod) body.returnMethod = values.returnMethod;
      if (values.newDueAt) body.newDueAt = values.newDueAt.toISOString();
      if (spec.result) {
        const ids = [...new Set([...(values.existingResultIds ?? []), ...uploadedIds])];
        for (const file of resultList) {
          const uploaded = await uploadDossierFile({
            code: dossier.code,
            kind: 'result',
            file,
            ...(isLeaderHere ? { sign: !!values.sign } : {}),
          });
          ids.push(uploaded.id);
          setUploadedIds((prev) => [...prev, uploaded.id]);
          setResultList((prev) => prev.filter((f) => f !== file));
        }
        if (ids.length === 0) {
          form.setFields([{ name: 'existingResultIds', errors: [td.resultFilesRequired] }]);
          return;
        }
        body.resultFileIds = ids;
      }
      await run.mutateAsync({ action, body });
      void message.success(td.done(label));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // The dossier moved on (another officer acted, or the action is no longer possible): reload it.
        setError(e.code === 'stale_version' ? new ApiError({ ...e.problem, detail: td.stale }) : e);
        onReload();
      } else {
        setError(e);
        setExtra(applyProblemToForm(form, e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={label}
      okText={td.confirm}
      cancelText={t.app.cancel}
      okButtonProps={{
        danger: spec.danger,
        loading: busy || run.isPending,
        htmlType: 'submit',
        form: 'dossier-action',
      }}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      {td.actionHelp[action] ? (
        <Alert type="info" showIcon title={td.actionHelp[action]} style={{ marginBottom: 16 }} />
      ) : null}
      <ProblemAlert error={error} extraFields={extra} />
      <Form<ActionForm>
        form={form}
        id="dossier-action"
        name="dossier-action"
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ sign: true, existingResultIds: looseResults.map((f) => f.id) }}
      >
        {spec.reason ? (
          <Form.Item
            name="reason"
            label={td.reason}
            rules={[{ required: true, whitespace: true, message: td.reasonRequired }, { max: 2000 }]}
          >
            <Input.TextArea autoFocus rows={3} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
        {spec.targetAgency ? (
          <Form.Item
            name="targetAgencyId"
            label={td.targetAgency}
            htmlFor="action-target-agency"
            rules={[{ required: true, message: td.targetAgencyRequired }]}
          >
            <Select
              id="action-target-agency"
              showSearch={{ optionFilterProp: 'label' }}
              loading={targets.isPending}
              options={(targets.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        ) : null}
        {spec.returnMethod ? (
          <Form.Item
            name="returnMethod"
            label={td.returnMethod}
            rules={[{ required: true, message: td.returnMethodRequired }]}
            initialValue="counter"
          >
            <Radio.Group
              options={(['counter', 'post', 'online'] as const).map((m) => ({ value: m, label: td.returnMethods[m] }))}
            />
          </Form.Item>
        ) : null}
        {spec.newDueAt ? (
          <Form.Item
            name="newDueAt"
            label={td.newDueAt}
            htmlFor="action-new-due"
            rules={[
              { required: true, message: td.newDueAtRequired },
              {
                validator: (_r, v: Dayjs | undefined) =>
                  !v || !dossier.dueAt || v.isAfter(dayjs(dossier.dueAt))
                    ? Promise.resolve()
                    : Promise.reject(new Error(td.newDueAtAfter)),
              },
            ]}
          >
            <DatePicker
              id="action-new-due"
              showTime={{ format: 'HH:mm', defaultValue: dayjs('17:00', 'HH:mm') }}
              format="DD/MM/YYYY HH:mm"
              needConfirm={false}
              disabledDate={(d) => !!dossier.dueAt && d.endOf('day').isBefore(dayjs(dossier.dueAt))}
              style={{ width: 240 }}
            />
          </Form.Item>
        ) : null}
        {spec.result ? (
          <>
            {looseResults.length > 0 ? (
              <Form.Item name="existingResultIds" label={td.resultFiles}>
                <Checkbox.Group
                  options={looseResults.map((f) => ({
                    value: f.id,
                    label: `${f.resultCode ?? ''} ${f.name}`.trim(),
                  }))}
                />
              </Form.Item>
            ) : (
              <Form.Item name="existingResultIds" hidden>
                <Input />
              </Form.Item>
            )}
            <Form.Item label={td.chooseResultFile}>
              <Space direction="vertical">
                <FilePickButton
                  multiple
                  testId="result-file"
                  icon={<UploadOutlined aria-hidden="true" />}
                  onFiles={(picked) => setResultList((prev) => [...prev, ...picked])}
                >
                  {td.chooseResultFile}
                </FilePickButton>
                {resultList.map((f, i) => (
                  <Space key={`${f.name}-${i}`}>
                    <span>{f.name}</span>
                    <Button size="small" type="text" onClick={() => setResultList((l) => l.filter((_x, j) => j !== i))}>
                      {t.app.cancel}
                    </Button>
                  </Space>
                ))}
              </Space>
            </Form.Item>
            {isLeaderHere ? (
              <Form.Item name="sign" valuePropName="checked">
                <Checkbox>{td.signResult}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {step !== null && !assignees.isError ? (
          <Form.Item
            name="assigneeId"
            label={td.assigneeOptional}
            extra={
              assignees.data
                ? `${td.assigneeStep(assignees.data.step.index + 1, assignees.data.step.name, assignees.data.agencyName)} ${td.assigneeHelp}`
                : td.assigneeHelp
            }
            htmlFor="action-assignee"
          >
            <Select
              id="action-assignee"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={assignees.isPending}
              notFoundContent={assignees.isPending ? undefined : td.assigneeNone}
              options={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
            />
          </Form.Item>
        ) : null}
        {spec.note ? (
          <Form.Item name="note" label={td.note} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} maxLength={2000} autoFocus={!spec.reason} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
