import { Type } from 'typebox';
import type { Static } from 'typebox';

// Shape of one entry of data/procedures/thu-tuc.json: the researched seed of the procedure catalogue
// (issue 3 §1). Every fact carries where it came from (`source`), and what could not be confirmed is listed
// in `unverified` instead of being guessed. See data/procedures/README.md for the meaning of each field.

/** National code in the Cơ sở dữ liệu quốc gia về TTHC, e.g. 1.001193 (the local suffix .000.00.00.Hxx is not part of it). */
export const PROCEDURE_CODE_PATTERN = '^[1-3]\\.[0-9]{6}$';

const NonEmpty = Type.String({ minLength: 1 });
const Vnd = Type.Integer({ minimum: 0, description: 'Đồng (integer)' });

export const TimeUnit = Type.Union([
  Type.Literal('working_days'),
  Type.Literal('working_hours'),
  // Some laws count plain days, e.g. Luật Lý lịch tư pháp 2009 Điều 48: "không quá 10 ngày".
  Type.Literal('calendar_days'),
]);

export const TimeExtension = Type.Object(
  { amount: Type.Integer({ minimum: 1 }), unit: TimeUnit, when: NonEmpty },
  { additionalProperties: false },
);

export const ProcessingTime = Type.Object(
  {
    // 'ngay': result the same day if received before cutoffTime, else the next working day
    // (e.g. Nghị định 23/2015/NĐ-CP Điều 7 for chứng thực). 'thoi_han': within amount × unit.
    kind: Type.Union([Type.Literal('ngay'), Type.Literal('thoi_han')]),
    amount: Type.Integer({ minimum: 0 }),
    unit: TimeUnit,
    cutoffTime: Type.Union([Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }), Type.Null()]),
    extensions: Type.Array(TimeExtension),
    note: NonEmpty,
  },
  { additionalProperties: false },
);

export const FeeTier = Type.Object(
  { fromUnit: Type.Integer({ minimum: 1 }), amountVnd: Vnd },
  { additionalProperties: false },
);

export const FeeCase = Type.Object(
  { when: NonEmpty, amountVnd: Type.Union([Vnd, Type.Null()]) },
  { additionalProperties: false },
);

export const Fee = Type.Object(
  {
    kind: Type.Union([Type.Literal('le_phi'), Type.Literal('phi')]),
    name: NonEmpty,
    // fixed: amountVnd per unit; tiered: tiers (+ capVnd) per unit; by_case: cases; provincial: set by each
    // province's HĐND (amountVnd null, cases list exemptions); free: amountVnd 0.
    mode: Type.Union([
      Type.Literal('fixed'),
      Type.Literal('tiered'),
      Type.Literal('by_case'),
      Type.Literal('provincial'),
      Type.Literal('free'),
    ]),
    amountVnd: Type.Union([Vnd, Type.Null()]),
    unit: Type.Union([NonEmpty, Type.Null()]),
    tiers: Type.Array(FeeTier),
    capVnd: Type.Union([Vnd, Type.Null()]),
    cases: Type.Array(FeeCase),
    basis: NonEmpty,
  },
  { additionalProperties: false },
);

export const Component = Type.Object(
  {
    name: NonEmpty,
    originals: Type.Integer({ minimum: 0 }),
    copies: Type.Integer({ minimum: 0 }),
    // xuat_trinh: shown to the officer and handed back; thong_tin: only data the agency looks up itself.
    form: Type.Union([
      Type.Literal('ban_chinh'),
      Type.Literal('ban_sao'),
      Type.Literal('ban_chinh_hoac_ban_sao'),
      Type.Literal('xuat_trinh'),
      Type.Literal('thong_tin'),
    ]),
    required: Type.Boolean(),
    condition: Type.Union([NonEmpty, Type.Null()]),
    // Template of the form to fill (mẫu đơn, tờ khai), as a link: e.g. the file published with the procedure
    // in the national database. Optional; absent when the component has no template.
    templateUrl: Type.Optional(
      Type.String({ pattern: '^https?://', maxLength: 1000, description: 'Đường dẫn tải mẫu đơn, tờ khai' }),
    ),
  },
  { additionalProperties: false },
);

export const LegalDocument = Type.Object(
  { document: NonEmpty, title: NonEmpty, articles: Type.Union([NonEmpty, Type.Null()]) },
  { additionalProperties: false },
);

export const FactSources = Type.Object(
  {
    code: NonEmpty,
    level: NonEmpty,
    processingTime: NonEmpty,
    fees: NonEmpty,
    components: NonEmpty,
    onlineMode: NonEmpty,
    legalBasis: NonEmpty,
    /** Where the e-form's fields come from (the official tờ khai), when the entry has a `formSchema`. */
    form: Type.Optional(NonEmpty),
  },
  { additionalProperties: false },
);

export const ProcedureSeed = Type.Object(
  {
    code: Type.Union([Type.String({ pattern: PROCEDURE_CODE_PATTERN }), Type.Null()]),
    name: NonEmpty,
    field: NonEmpty,
    level: Type.Union([Type.Literal('tinh'), Type.Literal('xa')]),
    agency: Type.Object(
      {
        kind: Type.Union([
          Type.Literal('ubnd_xa'),
          Type.Literal('co_quan_dkkd_xa'),
          Type.Literal('phong_dkkd_tinh'),
          Type.Literal('cong_an_tinh'),
        ]),
        name: NonEmpty,
      },
      { additionalProperties: false },
    ),
    processingTime: ProcessingTime,
    fees: Type.Array(Fee, { minItems: 1 }),
    components: Type.Array(Component, { minItems: 1 }),
    legalBasis: Type.Array(LegalDocument, { minItems: 1 }),
    results: Type.Array(NonEmpty, { minItems: 1 }),
    onlineMode: Type.Union([Type.Literal('toan_trinh'), Type.Literal('mot_phan'), Type.Literal('truc_tiep')]),
    source: FactSources,
    /**
     * The e-form (tờ khai điện tử) as JSON Schema with UI hints in `x-ui` (label, order, help, widget,
     * enumLabels; each top-level object property is one page of the portal's form): validated on the server
     * with the same validator as the API (form-validation.ts). Absent: the procedure has no e-form yet.
     */
    formSchema: Type.Optional(Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }))),
    unverified: Type.Array(NonEmpty),
    checkedOn: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
  },
  { additionalProperties: false },
);

export type ProcedureSeed = Static<typeof ProcedureSeed>;
export type ProcedureFee = Static<typeof Fee>;
