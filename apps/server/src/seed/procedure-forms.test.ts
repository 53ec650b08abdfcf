import { describe, expect, it } from 'vitest';
import { formPages } from '../modules/eservices/eservices.form.js';
import { FormValidator } from '../modules/procedures/form-validation.js';
import { formSchemaProblems } from '../modules/procedures/procedures.rules.js';
import { DEMO_FORM_CODES, demoFormData } from './demo-form-data.js';
import { readProcedureSeed } from './procedures.seed.js';

/**
 * The e-forms (tờ khai điện tử) of the seeded catalogue, data/procedures/thu-tuc.json: they compile with the
 * server's validator, accept a correctly filled form, refuse wrong ones with Vietnamese field errors, carry
 * Vietnamese labels everywhere, and come out as the portal's pages.
 */
type Schema = Record<string, unknown>;

const seed = readProcedureSeed();
const byCode = new Map(seed.flatMap((p) => (p.code && p.formSchema ? [[p.code, p] as const] : [])));
const applicant = { name: 'Nguyễn Thị Hoa', idNumber: '044190012345', phone: '0905123456', address: 'Phường Đồng Hới' };

/** The procedures the e-forms were written for (issue 3, part 1: hộ tịch, chứng thực and two provincial ones). */
const EXPECTED = {
  '1.001193': 'Đăng ký khai sinh',
  '1.000656': 'Đăng ký khai tử',
  '1.000894': 'Đăng ký kết hôn',
  '1.004873': 'Cấp Giấy xác nhận tình trạng hôn nhân',
  '2.000635': 'Cấp bản sao Trích lục hộ tịch',
  '2.000815': 'Chứng thực bản sao từ bản chính',
  '2.001610': 'Đăng ký thành lập doanh nghiệp tư nhân',
  '3.000333': 'Cấp Phiếu lý lịch tư pháp',
} as const;

const validator = new FormValidator();
const check = (code: string, data: unknown) => {
  const p = byCode.get(code);
  if (!p?.formSchema) throw new Error(`${code} has no form`);
  return validator.validate({ procedureId: code, revision: 1, formSchema: p.formSchema }, data);
};
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property schema of a form with its path. */
function properties(schema: Schema, path: string[] = []): { path: string[]; schema: Schema }[] {
  const props = isObject(schema.properties) ? schema.properties : {};
  return Object.entries(props).flatMap(([key, child]) =>
    isObject(child) ? [{ path: [...path, key], schema: child }, ...properties(child, [...path, key])] : [],
  );
}

describe('e-forms of the seeded catalogue', () => {
  it('exist for the expected procedures, with their source, and at least two of provincial level', () => {
    for (const [code, name] of Object.entries(EXPECTED)) {
      const p = byCode.get(code);
      expect(p, code).toBeDefined();
      expect(p?.name.startsWith(name), `${code}: ${p?.name}`).toBe(true);
      expect(p?.source.form?.length ?? 0, `${code}: source.form`).toBeGreaterThan(20);
    }
    expect([...byCode.values()].filter((p) => p.level === 'tinh').length).toBeGreaterThanOrEqual(2);
    expect(DEMO_FORM_CODES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('compile with the catalogue checks and the server validator', () => {
    for (const [code, p] of byCode) expect(formSchemaProblems(p.formSchema ?? {}), code).toEqual([]);
  });

  it('label every field, section and choice in Vietnamese, and order only existing fields', () => {
    for (const [code, p] of byCode) {
      const form = p.formSchema ?? {};
      expect(typeof form.title === 'string' && form.title.length > 5, code).toBe(true);
      for (const { path, schema } of properties(form)) {
        const where = `${code} ${path.join('.')}`;
        expect(typeof schema.title === 'string' && /[À-ỹ]/.test(schema.title), `${where}: title`).toBe(true);
        const ui = isObject(schema['x-ui']) ? schema['x-ui'] : {};
        if (Array.isArray(schema.enum)) {
          expect(Array.isArray(ui.enumLabels) ? ui.enumLabels.length : 0, `${where}: enumLabels`).toBe(
            schema.enum.length,
          );
        }
        if (Array.isArray(ui.order) && isObject(schema.properties))
          for (const k of ui.order) expect(Object.keys(schema.properties), `${where}: order`).toContain(k);
        if (Array.isArray(schema.required) && isObject(schema.properties))
          for (const k of schema.required) expect(Object.keys(schema.properties), `${where}: required`).toContain(k);
      }
    }
  });

  it('accept the demo dossiers’ filled-in forms', () => {
    for (const code of Object.keys(EXPECTED)) expect(check(code, demoFormData(code, applicant)), code).toEqual([]);
  });

  it('refuse missing required fields, a malformed ID number, phone, date or choice, with the field path', () => {
    const birth = demoFormData('1.001193', applicant) as Record<string, Record<string, unknown>>;
    const fields = (data: unknown) => check('1.001193', data).map((e) => e.field);
    expect(fields({})).toEqual(['/formData/nguoiYeuCau', '/formData/nguoiDuocKhaiSinh']);
    const child = { ...birth.nguoiDuocKhaiSinh };
    delete child.ngaySinh;
    expect(fields({ ...birth, nguoiDuocKhaiSinh: child })).toEqual(['/formData/nguoiDuocKhaiSinh/ngaySinh']);
    const wrong = {
      ...birth,
      nguoiYeuCau: { ...birth.nguoiYeuCau, soDinhDanh: '04419001234', soDienThoai: '12345' },
      nguoiDuocKhaiSinh: { ...birth.nguoiDuocKhaiSinh, ngaySinh: '02/10/2026', gioiTinh: 'khac' },
    };
    const errors = check('1.001193', wrong);
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        '/formData/nguoiYeuCau/soDinhDanh',
        '/formData/nguoiYeuCau/soDienThoai',
        '/formData/nguoiDuocKhaiSinh/ngaySinh',
        '/formData/nguoiDuocKhaiSinh/gioiTinh',
      ].sort(),
    );
    expect(errors.find((e) => e.field.endsWith('ngaySinh'))?.message).toBe('Ngày phải theo định dạng YYYY-MM-DD.');
    // Optional sections may be left out, but a section that is started must be complete (mother without name).
    expect(fields({ ...birth, me: { namSinh: 1990 } })).toEqual(['/formData/me/hoTen']);
    // A time of death must be hh:mm; a marriage needs both sides.
    const death = demoFormData('1.000656', applicant) as Record<string, Record<string, unknown>>;
    expect(check('1.000656', { ...death, viecChet: { ...death.viecChet, gioChet: '25:00' } })).toHaveLength(1);
    const marriage = demoFormData('1.000894', applicant);
    expect(check('1.000894', { ...marriage, benNam: undefined }).map((e) => e.field)).toEqual(['/formData/benNam']);
  });

  it('removes fields the form does not ask for (data minimisation)', () => {
    const data = { ...demoFormData('2.000815', applicant), tonGiao: 'Không' } as Record<string, unknown>;
    expect(check('2.000815', data)).toEqual([]);
    expect(data).not.toHaveProperty('tonGiao');
  });

  it('become the portal’s pages, one per section, with Vietnamese titles and required marks', () => {
    const pages = formPages(byCode.get('1.001193')?.formSchema ?? {});
    expect(pages.map((p) => p.title)).toEqual([
      'Người yêu cầu',
      'Người được khai sinh',
      'Thông tin người mẹ',
      'Thông tin người cha',
      'Đề nghị cấp bản sao',
    ]);
    const child = pages[1]?.fields ?? [];
    expect(child.find((f) => f.name === 'f.nguoiDuocKhaiSinh.ngaySinh')).toMatchObject({
      kind: 'date',
      required: true,
      label: 'Ngày, tháng, năm sinh',
    });
    expect(child.find((f) => f.name === 'f.nguoiDuocKhaiSinh.gioiTinh')?.options).toEqual([
      { value: 'nam', label: 'Nam' },
      { value: 'nu', label: 'Nữ' },
    ]);
    expect(child.find((f) => f.name === 'f.nguoiDuocKhaiSinh.queQuan')?.required).toBe(false);
    for (const p of byCode.values()) expect(formPages(p.formSchema ?? {}).length, p.name).toBeGreaterThanOrEqual(2);
  });
});
