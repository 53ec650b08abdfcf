import type { Procedure, ProcedureInput, WorkflowStep } from '../../api/procedures';

/** Values of the editor form: the API body, with the e-form as JSON text. */
export interface ProcedureFormValues extends Omit<ProcedureInput, 'formSchema' | 'code'> {
  code?: string | null;
  formSchema: string;
}

/** The server's default workflow (procedures.rules.ts DEFAULT_WORKFLOW), shown for a new procedure. */
const DEFAULT_WORKFLOW: WorkflowStep[] = [
  { key: 'tiep_nhan', name: 'Tiếp nhận hồ sơ', role: 'can_bo_mot_cua', share: 10, isApproval: false },
  { key: 'xu_ly', name: 'Thẩm định, xử lý hồ sơ', role: 'chuyen_vien', share: 60, isApproval: false },
  { key: 'phe_duyet', name: 'Phê duyệt kết quả', role: 'lanh_dao', share: 20, isApproval: true },
  { key: 'tra_ket_qua', name: 'Trả kết quả', role: 'can_bo_mot_cua', share: 10, isApproval: false },
];

export const EMPTY_FORM_SCHEMA = '{\n  "type": "object",\n  "properties": {}\n}';

export function toFormValues(p: Procedure | null): ProcedureFormValues {
  if (!p)
    return {
      code: null,
      name: '',
      field: '',
      level: 'xa',
      onlineMode: 'mot_phan',
      processingTime: { kind: 'thoi_han', amount: 1, unit: 'working_days', cutoffTime: null, extensions: [], note: '' },
      fees: [],
      components: [],
      legalBasis: [],
      results: [],
      formSchema: EMPTY_FORM_SCHEMA,
      workflow: DEFAULT_WORKFLOW,
      agencyIds: [],
      unverified: [],
    };
  return {
    code: p.codeIsLocal ? null : p.code,
    name: p.name,
    field: p.field,
    level: p.level,
    onlineMode: p.onlineMode,
    processingTime: p.processingTime,
    fees: p.fees,
    components: p.components,
    legalBasis: p.legalBasis,
    results: p.results,
    formSchema: JSON.stringify(p.formSchema, null, 2),
    workflow: p.workflow,
    agencyIds: p.agencyIds,
    unverified: p.provenance.unverified,
  };
}

const text = (s: string | null | undefined) => (s ?? '').trim();
const nullableText = (s: string | null | undefined) => (text(s) === '' ? null : text(s));
const nullableInt = (n: number | null | undefined) => (n === undefined || n === null ? null : n);

/** Form values → API body (trimmed; empty optional texts and amounts become null). */
export function toInput(v: ProcedureFormValues): ProcedureInput {
  return {
    code: nullableText(v.code),
    name: text(v.name),
    field: text(v.field),
    level: v.level,
    onlineMode: v.onlineMode,
    processingTime: {
      ...v.processingTime,
      cutoffTime: nullableText(v.processingTime.cutoffTime),
      note: text(v.processingTime.note),
      extensions: (v.processingTime.extensions ?? []).map((e) => ({ ...e, when: text(e.when) })),
    },
    // Only the parts that the fee's rule uses are kept (fields of another rule stay hidden in the form).
    fees: (v.fees ?? []).map((f) => ({
      ...f,
      name: text(f.name),
      basis: text(f.basis),
      unit: nullableText(f.unit),
      amountVnd: f.mode === 'tiered' || f.mode === 'provincial' ? null : nullableInt(f.amountVnd),
      capVnd: f.mode === 'tiered' ? nullableInt(f.capVnd) : null,
      tiers: f.mode === 'tiered' ? (f.tiers ?? []) : [],
      cases:
        f.mode === 'by_case' || f.mode === 'provincial'
          ? (f.cases ?? []).map((c) => ({ when: text(c.when), amountVnd: nullableInt(c.amountVnd) }))
          : [],
    })),
    components: (v.components ?? []).map(({ templateUrl, ...c }) => ({
      ...c,
      name: text(c.name),
      required: c.required ?? false,
      condition: nullableText(c.condition),
      ...(text(templateUrl) ? { templateUrl: text(templateUrl) } : {}),
    })),
    legalBasis: (v.legalBasis ?? []).map((d) => ({
      document: text(d.document),
      title: text(d.title),
      articles: nullableText(d.articles),
    })),
    results: (v.results ?? []).map(text),
    formSchema: JSON.parse(v.formSchema) as Record<string, unknown>,
    workflow: (v.workflow ?? []).map((s) => ({ ...s, isApproval: s.isApproval ?? false })),
    agencyIds: v.agencyIds ?? [],
    unverified: (v.unverified ?? []).map(text).filter((s) => s !== ''),
  };
}
