import type { FastifyInstance } from 'fastify';
import type { ProcedureInput, ProcedureView } from './procedures.schemas.js';

let counter = 0;

/** A valid create body: a commune-level procedure with one fixed fee (override what the test is about). */
export function procedureInput(overrides: Partial<ProcedureInput> = {}): ProcedureInput {
  counter++;
  return {
    code: `2.${String(900000 + counter).padStart(6, '0')}`,
    name: `Thủ tục thử nghiệm số ${counter}`,
    field: 'Chứng thực',
    level: 'xa',
    onlineMode: 'mot_phan',
    processingTime: {
      kind: 'thoi_han',
      amount: 3,
      unit: 'working_days',
      cutoffTime: null,
      extensions: [],
      note: 'Trong 03 ngày làm việc',
    },
    fees: [
      {
        kind: 'le_phi',
        name: 'Lệ phí',
        mode: 'fixed',
        amountVnd: 10000,
        unit: 'hồ sơ',
        tiers: [],
        capVnd: null,
        cases: [],
        basis: 'Thông tư thử nghiệm',
      },
    ],
    components: [{ name: 'Tờ khai', originals: 1, copies: 0, form: 'ban_chinh', required: true, condition: null }],
    legalBasis: [{ document: '23/2015/NĐ-CP', title: 'Nghị định về chứng thực', articles: 'Điều 5' }],
    results: ['Văn bản chứng thực'],
    ...overrides,
  };
}

/** Creates a procedure through the API (the caller must be a provincial catalogue manager). */
export async function createProcedure(
  app: FastifyInstance,
  headers: Record<string, string>,
  overrides: Partial<ProcedureInput> = {},
  options: { publish?: boolean } = {},
): Promise<ProcedureView> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/procedures',
    headers,
    payload: procedureInput(overrides),
  });
  if (res.statusCode !== 201) throw new Error(`createProcedure: ${res.statusCode} ${res.body}`);
  let view = res.json<ProcedureView>();
  if (options.publish) {
    const pub = await app.inject({
      method: 'POST',
      url: `/api/v1/procedures/${view.id}/publish`,
      headers,
      payload: { version: view.version },
    });
    if (pub.statusCode !== 200) throw new Error(`publish: ${pub.statusCode} ${pub.body}`);
    view = pub.json<ProcedureView>();
  }
  return view;
}

/**
 * A "Đăng ký khai sinh" that can be filed online: its e-form, a required Giấy chứng sinh and an optional power of
 * attorney; `name` and the implementing agencies vary between tests.
 */
export function onlineBirthRegistration(name: string, agencyIds: string[], field?: string) {
  return {
    name,
    ...(field ? { field } : {}),
    formSchema: birthRegistrationForm(),
    components: [
      { name: 'Giấy chứng sinh', originals: 1, copies: 0, form: 'ban_chinh' as const, required: true, condition: null },
      {
        name: 'Văn bản ủy quyền',
        originals: 1,
        copies: 0,
        form: 'ban_chinh' as const,
        required: false,
        condition: 'Khi ủy quyền',
      },
    ],
    agencyIds,
  };
}

/**
 * E-form of "Đăng ký khai sinh" (1.001193): the fields of the Tờ khai đăng ký khai sinh of the Ministry of
 * Justice's civil-status forms (circular and annex to confirm), as JSON Schema with UI hints in `x-ui`.
 */
export function birthRegistrationForm(): Record<string, unknown> {
  const person = {
    type: 'object',
    required: ['hoTen', 'namSinh', 'danToc', 'quocTich', 'noiCuTru'],
    properties: {
      hoTen: { type: 'string', minLength: 1, maxLength: 100, 'x-ui': { label: 'Họ, chữ đệm, tên' } },
      namSinh: { type: 'integer', minimum: 1900, maximum: 2100, 'x-ui': { label: 'Năm sinh' } },
      danToc: { type: 'string', minLength: 1, maxLength: 50, default: 'Kinh' },
      quocTich: { type: 'string', minLength: 1, maxLength: 50, default: 'Việt Nam' },
      noiCuTru: { type: 'string', minLength: 1, maxLength: 300 },
    },
  };
  return {
    type: 'object',
    title: 'Tờ khai đăng ký khai sinh',
    required: ['nguoiYeuCau', 'nguoiDuocKhaiSinh', 'me'],
    additionalProperties: false,
    properties: {
      nguoiYeuCau: {
        type: 'object',
        required: ['hoTen', 'soGiayTo', 'quanHe'],
        additionalProperties: false,
        properties: {
          hoTen: { type: 'string', minLength: 1, maxLength: 100 },
          soGiayTo: { type: 'string', pattern: '^[0-9]{12}$', 'x-ui': { label: 'Số định danh cá nhân' } },
          email: { type: 'string', format: 'email' },
          quanHe: { type: 'string', enum: ['cha', 'me', 'ong', 'ba', 'nguoi_than_khac'] },
        },
      },
      nguoiDuocKhaiSinh: {
        type: 'object',
        required: ['hoTen', 'gioiTinh', 'ngaySinh', 'noiSinh'],
        properties: {
          hoTen: { type: 'string', minLength: 1, maxLength: 100 },
          gioiTinh: { type: 'string', enum: ['nam', 'nu'] },
          ngaySinh: { type: 'string', format: 'date', 'x-ui': { widget: 'date' } },
          noiSinh: { type: 'string', minLength: 1, maxLength: 300 },
          soConThu: { type: 'integer', minimum: 1, maximum: 30 },
        },
      },
      me: person,
      cha: person,
    },
    'x-ui': { order: ['nguoiYeuCau', 'nguoiDuocKhaiSinh', 'me', 'cha'] },
  };
}

/** Data that fills birthRegistrationForm() correctly. */
export function birthRegistrationData(): Record<string, unknown> {
  return {
    nguoiYeuCau: { hoTen: 'Nguyễn Thị Hoa', soGiayTo: '001190012345', quanHe: 'me' },
    nguoiDuocKhaiSinh: { hoTen: 'Trần Minh An', gioiTinh: 'nam', ngaySinh: '2026-10-02', noiSinh: 'Bệnh viện Phụ sản' },
    me: { hoTen: 'Nguyễn Thị Hoa', namSinh: 1995, danToc: 'Kinh', quocTich: 'Việt Nam', noiCuTru: 'Xã Thử Nghiệm' },
  };
}
