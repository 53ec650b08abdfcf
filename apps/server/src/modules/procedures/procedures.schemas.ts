import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Component, FactSources, Fee, LegalDocument, ProcessingTime, TimeUnit } from './procedure-data.schema.js';

export const TAG = 'Thủ tục hành chính';
export const PUBLIC_TAG = 'Thủ tục hành chính (công khai)';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** National code (1.001193) or the local placeholder DP.<slug> given to an entry without a national code. */
export const ProcedureCode = Type.String({
  pattern: '^([1-3]\\.[0-9]{6}|DP\\.[a-z0-9-]{1,120})$',
  description: 'Mã TTHC quốc gia (ví dụ 1.001193) hoặc mã tạm địa phương DP.<tên-không-dấu>',
});
export const NationalCode = Type.String({
  pattern: '^[1-3]\\.[0-9]{6}$',
  description: 'Mã TTHC trong Cơ sở dữ liệu quốc gia về TTHC, không kèm hậu tố .000.00.00.Hxx',
});
export const Level = Type.Union([Type.Literal('tinh'), Type.Literal('xa')], {
  description: 'tinh: cấp tỉnh; xa: cấp xã',
});
export const OnlineModeSchema = Type.Union(
  [Type.Literal('toan_trinh'), Type.Literal('mot_phan'), Type.Literal('truc_tiep')],
  { description: 'Nghị định 42/2022/NĐ-CP: dịch vụ công trực tuyến toàn trình / một phần / chỉ trực tiếp' },
);
export const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);

/** JSON Schema of the e-form (root must be an object schema); UI hints go in `x-ui` keys. */
export const FormSchema = Type.Unsafe<Record<string, unknown>>(
  Type.Object(
    {},
    {
      additionalProperties: true,
      description: 'Biểu mẫu điện tử: JSON Schema (gốc là object), gợi ý giao diện ở khóa x-ui',
    },
  ),
);

export const WorkflowStep = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Mã bước, duy nhất trong quy trình' }),
    name: Text(200),
    role: Type.String({ pattern: '^[a-z_]{2,40}$', description: 'Vai trò thực hiện (mã vai trò, ví dụ chuyen_vien)' }),
    share: Type.Integer({ minimum: 0, maximum: 100, description: 'Phần trăm thời gian giải quyết dành cho bước' }),
    isApproval: Type.Boolean({ description: 'Bước phê duyệt của lãnh đạo' }),
  },
  { additionalProperties: false },
);
export type WorkflowStep = Static<typeof WorkflowStep>;

export const Provenance = Type.Object({
  agency: Nullable(Type.Object({ kind: Type.String(), name: Type.String() })),
  source: Nullable(FactSources),
  unverified: Type.Array(Type.String()),
  checkedOn: Nullable(Type.String()),
});
export type Provenance = Static<typeof Provenance>;

/** Body of create and (with `version`) update: the whole working copy. */
export const ProcedureInput = Type.Object(
  {
    code: Type.Optional(Nullable(NationalCode)),
    name: Text(500),
    field: Text(200),
    level: Level,
    onlineMode: OnlineModeSchema,
    processingTime: ProcessingTime,
    fees: Type.Array(Fee, { maxItems: 50 }),
    components: Type.Array(Component, { maxItems: 100 }),
    legalBasis: Type.Array(LegalDocument, { maxItems: 100 }),
    results: Type.Array(Text(500), { maxItems: 20 }),
    formSchema: Type.Optional(FormSchema),
    workflow: Type.Optional(Type.Array(WorkflowStep, { maxItems: 30 })),
    agencyIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500, uniqueItems: true })),
    unverified: Type.Optional(Type.Array(Text(2000), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type ProcedureInput = Static<typeof ProcedureInput>;

export const ProcedureUpdate = Type.Object(
  {
    ...ProcedureInput.properties,
    version: Type.Integer({ minimum: 1, description: 'Phiên bản đang sửa (409 nếu đã cũ)' }),
  },
  { additionalProperties: false },
);
export type ProcedureUpdate = Static<typeof ProcedureUpdate>;

export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** One entry of import/export: the seed format of data/procedures/thu-tuc.json plus what the catalogue adds. */
export const ProcedureExchange = Type.Object(
  {
    code: Nullable(NationalCode),
    localCode: Type.Optional(Type.String({ pattern: '^DP\\.[a-z0-9-]{1,120}$' })),
    name: Text(500),
    field: Text(200),
    level: Level,
    agency: Nullable(Type.Object({ kind: Type.String({ minLength: 1, maxLength: 50 }), name: Text(500) })),
    processingTime: ProcessingTime,
    fees: Type.Array(Fee, { maxItems: 50 }),
    components: Type.Array(Component, { maxItems: 100 }),
    legalBasis: Type.Array(LegalDocument, { maxItems: 100 }),
    results: Type.Array(Text(500), { maxItems: 20 }),
    onlineMode: OnlineModeSchema,
    source: Nullable(FactSources),
    unverified: Type.Array(Text(2000), { maxItems: 100 }),
    checkedOn: Nullable(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
    formSchema: Type.Optional(FormSchema),
    workflow: Type.Optional(Type.Array(WorkflowStep, { maxItems: 30 })),
    agencyCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type ProcedureExchange = Static<typeof ProcedureExchange>;

export const ImportResult = Type.Object({
  created: Type.Array(Type.String()),
  updated: Type.Array(Type.String()),
  unchanged: Type.Array(Type.String()),
});

export const ProcedureView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  codeIsLocal: Type.Boolean({ description: 'Mã tạm DP.*: cần nhập mã quốc gia trước khi công bố' }),
  name: Type.String(),
  field: Type.String(),
  level: Level,
  onlineMode: OnlineModeSchema,
  processingTime: ProcessingTime,
  cutoff: Nullable(Type.String({ description: 'Giờ chốt nhận hồ sơ trả trong ngày' })),
  fees: Type.Array(Fee),
  components: Type.Array(Component),
  legalBasis: Type.Array(LegalDocument),
  results: Type.Array(Type.String()),
  formSchema: FormSchema,
  workflow: Type.Array(WorkflowStep),
  agencyIds: Type.Array(Type.String()),
  provenance: Provenance,
  status: Status,
  version: Type.Integer(),
  publishedVersion: Nullable(Type.Integer()),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  hasUnpublishedChanges: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ProcedureView = Static<typeof ProcedureView>;

export const ProcedureListItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  codeIsLocal: Type.Boolean(),
  name: Type.String(),
  field: Type.String(),
  level: Level,
  onlineMode: OnlineModeSchema,
  status: Status,
  version: Type.Integer(),
  publishedVersion: Nullable(Type.Integer()),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ListQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Tìm theo tên (không phân biệt hoa thường, dấu) hoặc mã' }),
  ),
  field: Type.Optional(Type.String({ maxLength: 200, description: 'Lĩnh vực' })),
  level: Type.Optional(Level),
  status: Type.Optional(Status),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

// Public, stable shapes (issue 3 §6). Do not change field names or meanings.
export const PublicOnlineMode = Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')], {
  description: 'full: toàn trình; partial: một phần; none: chỉ trực tiếp (Nghị định 42/2022/NĐ-CP)',
});
export const PublicProcedureItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: Type.String(),
  level: Level,
  processingTime: Type.Object({
    amount: Type.Integer({ description: '0 với thủ tục trả ngay trong ngày' }),
    unit: TimeUnit,
  }),
  feeVnd: Nullable(
    Type.Integer({
      description: 'Lệ phí/phí chính cố định (đồng); 0 nếu miễn; null nếu tùy trường hợp hoặc do HĐND tỉnh quy định',
    }),
  ),
  onlineMode: PublicOnlineMode,
});
export type PublicProcedureItem = Static<typeof PublicProcedureItem>;

export const PublicProcedureDetail = Type.Object({
  ...PublicProcedureItem.properties,
  components: Type.Array(Component),
  form: FormSchema,
  agencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  legalBasis: Type.Array(LegalDocument),
});
export type PublicProcedureDetail = Static<typeof PublicProcedureDetail>;

export const PublicListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Tên thủ tục, không phân biệt hoa thường và dấu' })),
  field: Type.Optional(Type.String({ maxLength: 200, description: 'Lĩnh vực' })),
  level: Type.Optional(Level),
  agencyCode: Type.Optional(Type.String({ maxLength: 50, description: 'Mã định danh cơ quan thực hiện' })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const CodeParams = Type.Object({ code: ProcedureCode });
