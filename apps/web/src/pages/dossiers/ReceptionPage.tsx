import { Alert, Button, Card, Col, Form, Input, Radio, Result, Row, Select, Space, Typography } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  dossierUrls,
  type ReceptionBody,
  type ReceptionResult,
  uploadDossierFile,
  useProcedure,
  useProcedureSearch,
  useReceiveDossier,
  useReceptionTargets,
} from '../../api/dossiers';
import { applyProblemToForm, type FieldProblem } from '../../api/problem';
import { useMe } from '../../auth/me-context';
import { JsonSchemaFields, jsonSchemaValues, type FormSchemaLike } from '../../components/JsonSchemaFields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { ComponentChecklist, type ChecklistRow, checklistFrom } from './ComponentChecklist';

interface ReceptionForm {
  agencyId?: string;
  /** The agency that resolves the dossier, when a centre receives it for another agency. */
  forAgencyId?: string;
  channel: 'counter' | 'post';
  procedureId?: string;
  applicant: { name?: string; idNumber?: string; phone?: string; email?: string; address?: string };
  components: { received: boolean; copies: number; form: ChecklistRow['form'] }[];
  formData?: Record<string, unknown>;
  note?: string;
}

interface Done {
  result: ReceptionResult;
  failedUploads: string[];
}

const H2 = { fontSize: 16, margin: 0, fontWeight: 600 } as const;

/** Debounced value (for the procedure search as the officer types). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const newKey = () => crypto.randomUUID();

/**
 * Counter reception (Tiếp nhận hồ sơ tại Bộ phận Một cửa): pick the procedure, type the applicant,
 * tick the components (with a scan each), fill the e-form, Enter → the code, the due date and the
 * receipt (Mẫu 01). Everything is reachable with the keyboard; the procedure field has the focus.
 */
export function ReceptionPage() {
  const t = useT();
  const td = t.dossiers;
  const me = useMe();
  const [form] = Form.useForm<ReceptionForm>();
  const desks = useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of me.grants) if (g.roleCode === 'can_bo_mot_cua') seen.set(g.agencyId, g.agencyName);
    return [...seen.entries()].map(([value, label]) => ({ value, label }));
  }, [me.grants]);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const procedures = useProcedureSearch(q);
  const procedureId = Form.useWatch('procedureId', form);
  const agencyId = Form.useWatch('agencyId', form);
  const procedure = useProcedure(procedureId ?? null);
  // Province-wide rule (Nghị định 118/2025/NĐ-CP; article to confirm): a Trung tâm Phục vụ hành chính công
  // receives for any agency of its province that implements the procedure; the server checks it again.
  const targets = useReceptionTargets(agencyId, procedure.data?.code);
  const isCentre = targets.data?.isCentre === true;
  const [rows, setRows] = useState<ChecklistRow[]>([]);
  const [files, setFiles] = useState<Record<number, File | undefined>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldProblem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const receive = useReceiveDossier();
  const procedureRef = useRef<RefSelectProps>(null);
  const schema = procedure.data?.formSchema as FormSchemaLike | undefined;

  // A new procedure: its components become the checklist; the previous scans and e-form are dropped.
  useEffect(() => {
    const next = checklistFrom(procedure.data?.components ?? []);
    setRows(next);
    setFiles({});
    form.setFieldsValue({
      components: next.map((r) => ({ received: r.received, copies: r.copies, form: r.form })),
      formData: {},
    });
  }, [procedure.data, form]);

  useEffect(() => {
    if (desks.length === 1 && !form.getFieldValue('agencyId')) form.setFieldValue('agencyId', desks[0]?.value);
  }, [desks, form]);

  // Another desk or procedure: the resolving agency is chosen again (the only one offered is pre-selected).
  useEffect(() => {
    const items = targets.data?.items ?? [];
    const current = form.getFieldValue('forAgencyId') as string | undefined;
    if (!targets.data?.isCentre) form.setFieldValue('forAgencyId', undefined);
    else if (items.length === 1) form.setFieldValue('forAgencyId', items[0]?.id);
    else if (current && !items.some((a) => a.id === current)) form.setFieldValue('forAgencyId', undefined);
  }, [targets.data, form]);

  const reset = () => {
    form.resetFields();
    if (desks.length === 1) form.setFieldValue('agencyId', desks[0]?.value);
    setRows([]);
    setFiles({});
    setError(null);
    setExtra([]);
    setDone(null);
    setSearch('');
    setIdempotencyKey(newKey());
    setTimeout(() => procedureRef.current?.focus(), 0);
  };

  const submit = async (values: ReceptionForm) => {
    const p = procedure.data;
    if (!p || !values.agencyId) return;
    setError(null);
    setExtra([]);
    const applicant: ReceptionBody['applicant'] = { name: (values.applicant.name ?? '').trim() };
    for (const key of ['idNumber', 'phone', 'email', 'address'] as const) {
      const v = values.applicant[key]?.trim();
      if (v) applicant[key] = v;
    }
    const formData = jsonSchemaValues(schema, values.formData);
    const body: ReceptionBody = {
      procedureCode: p.code,
      agencyId: values.agencyId,
      ...(isCentre && values.forAgencyId && values.forAgencyId !== values.agencyId
        ? { forAgencyId: values.forAgencyId }
        : {}),
      channel: values.channel,
      applicant,
      components: rows.map((r, i) => {
        const v = values.components[i];
        return { name: r.name, copies: v?.copies ?? r.copies, form: v?.form ?? r.form, received: !!v?.received };
      }),
      ...(Object.keys(formData).length ? { formData } : {}),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    };
    let result: ReceptionResult;
    try {
      result = await receive.mutateAsync({ body, idempotencyKey });
    } catch (e) {
      setError(e);
      setExtra(applyProblemToForm(form, e));
      return;
    }
    // The dossier exists: now the scans, each under its component (a failure is reported, not fatal).
    setUploading(true);
    const failedUploads: string[] = [];
    for (const [index, file] of Object.entries(files)) {
      const row = rows[Number(index)];
      if (!file || !row) continue;
      try {
        await uploadDossierFile({ code: result.code, kind: 'component', component: row.name, file });
      } catch {
        failedUploads.push(file.name);
      }
    }
    setUploading(false);
    setDone({ result, failedUploads });
  };

  if (done) {
    return (
      <>
        <PageTitle title={td.receptionTitle} />
        <Card>
          <Result
            status="success"
            title={td.successTitle(done.result.code)}
            subTitle={td.successDue(formatDateTime(done.result.dueAt))}
            extra={
              <Space wrap>
                <a
                  className="ant-btn ant-btn-primary ant-btn-color-primary ant-btn-variant-solid"
                  href={dossierUrls.paper(done.result.code, '01')}
                  target="_blank"
                  rel="noopener"
                >
                  {td.printReceipt}
                  <span className="sr-only"> {td.pdfNewTab}</span>
                </a>
                <Link to={paths.dossier(done.result.code)}>{td.openDossier}</Link>
                <Button onClick={reset} autoFocus>
                  {td.newReception}
                </Button>
              </Space>
            }
          >
            {done.failedUploads.length > 0 ? (
              <Alert type="warning" showIcon title={done.failedUploads.map((n) => td.uploadFailed(n)).join('; ')} />
            ) : null}
          </Result>
        </Card>
      </>
    );
  }

  const implemented =
    !procedure.data ||
    !agencyId ||
    (isCentre ? (targets.data?.items.length ?? 0) > 0 : procedure.data.agencyIds.includes(agencyId));

  return (
    <>
      <PageTitle title={td.receptionTitle} />
      {desks.length === 0 ? (
        <Alert type="warning" showIcon title={td.noReceptionRole} style={{ marginBottom: 16 }} />
      ) : null}
      <ProblemAlert error={error} extraFields={extra} />
      <Form<ReceptionForm>
        form={form}
        name="reception"
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ applicant: {}, components: [], channel: 'counter' }}
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="agencyId"
                label={td.agency}
                htmlFor="reception-agency"
                rules={[{ required: true, message: td.agencyRequired }]}
              >
                <Select id="reception-agency" options={desks} disabled={desks.length <= 1} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                name="procedureId"
                label={td.chooseProcedure}
                htmlFor="reception-procedure"
                extra={
                  procedure.data ? `${td.processingTime}: ${procedure.data.processingTime.note}` : td.procedureHelp
                }
                rules={[{ required: true, message: td.procedureRequired }]}
              >
                <Select
                  id="reception-procedure"
                  ref={procedureRef}
                  autoFocus
                  showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
                  loading={procedures.isFetching}
                  onChange={() => setSearch('')}
                  options={(procedures.data?.items ?? []).map((p) => ({
                    value: p.id,
                    label: `${p.name} (${p.code})`,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          {isCentre ? (
            <Form.Item
              name="forAgencyId"
              label={td.resolvingAgency}
              htmlFor="reception-for-agency"
              extra={td.resolvingAgencyHelp}
              rules={[{ required: true, message: td.resolvingAgencyRequired }]}
            >
              <Select
                id="reception-for-agency"
                showSearch={{ optionFilterProp: 'label' }}
                loading={targets.isFetching}
                notFoundContent={td.resolvingAgencyNone}
                options={(targets.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="channel" label={td.channel} style={{ marginBottom: 0 }}>
            <Radio.Group
              options={(['counter', 'post'] as const).map((c) => ({ value: c, label: td.channels[c] ?? c }))}
            />
          </Form.Item>
          {!implemented ? <Alert type="warning" showIcon title={td.notImplementedHere} /> : null}
        </Card>

        <Card title={<h2 style={H2}>{td.sectionApplicant}</h2>} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['applicant', 'name']}
                label={td.name}
                rules={[{ required: true, whitespace: true, message: td.nameRequired }, { max: 200 }]}
              >
                <Input autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={['applicant', 'idNumber']} label={td.idNumber} rules={[{ max: 20 }]}>
                <Input autoComplete="off" maxLength={20} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={['applicant', 'phone']} label={td.phone} rules={[{ max: 20 }]}>
                <Input autoComplete="off" maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={['applicant', 'email']}
                label={td.email}
                rules={[{ type: 'email', message: td.emailInvalid }, { max: 200 }]}
              >
                <Input autoComplete="off" maxLength={200} inputMode="email" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name={['applicant', 'address']} label={td.address} rules={[{ max: 500 }]}>
                <Input autoComplete="off" maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        {rows.length > 0 ? (
          <Card title={<h2 style={H2}>{td.checklist}</h2>} style={{ marginBottom: 16 }}>
            <ComponentChecklist
              rows={rows}
              files={files}
              onFile={(i, f) => setFiles((prev) => ({ ...prev, [i]: f }))}
            />
          </Card>
        ) : null}

        {schema?.properties && Object.keys(schema.properties).length > 0 ? (
          <Card title={<h2 style={H2}>{td.eForm}</h2>} style={{ marginBottom: 16 }}>
            <JsonSchemaFields
              schema={schema}
              name="formData"
              requiredMessage={td.fieldRequired}
              patternMessage={td.fieldPattern}
              optionalSection={td.sectionOptional}
            />
          </Card>
        ) : null}

        <Card style={{ marginBottom: 16 }}>
          <Form.Item name="note" label={td.noteAtReception} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={receive.isPending || uploading}>
              {uploading ? td.uploading : td.submit}
            </Button>
            <Typography.Text type="secondary">{procedure.data ? procedure.data.name : ''}</Typography.Text>
          </Space>
        </Card>
      </Form>
    </>
  );
}
