import { describe, expect, it } from 'vitest';
import { nationalPhone } from '../dossiers/dossier-citizen.js';
import { birthRegistrationForm } from '../procedures/procedures.factories.js';
import { answerText, applyPage, fieldIdOf, formPages, forValidation, prefill } from './eservices.form.js';

describe('e-form JSON Schema → portal pages', () => {
  const pages = formPages(birthRegistrationForm());

  it('makes one page per top-level object, in x-ui order, with typed inputs and Vietnamese labels', () => {
    expect(pages.map((p) => p.key)).toEqual(['nguoiYeuCau', 'nguoiDuocKhaiSinh', 'me', 'cha']);
    const child = pages[1]!;
    const kinds = Object.fromEntries(child.fields.map((f) => [f.path.join('.'), f.kind]));
    expect(kinds).toEqual({
      'nguoiDuocKhaiSinh.hoTen': 'text',
      'nguoiDuocKhaiSinh.gioiTinh': 'enum',
      'nguoiDuocKhaiSinh.ngaySinh': 'date',
      'nguoiDuocKhaiSinh.noiSinh': 'text',
      'nguoiDuocKhaiSinh.soConThu': 'integer',
    });
    const sex = child.fields.find((f) => f.kind === 'enum')!;
    expect(sex.options).toEqual([
      { value: 'nam', label: 'Nam' },
      { value: 'nu', label: 'Nữ' },
    ]);
    expect(pages[0]!.fields.find((f) => f.path[1] === 'soGiayTo')!.label).toBe('Số định danh cá nhân');
    expect(child.fields.find((f) => f.path[1] === 'soConThu')!.required).toBe(false);
  });

  it('keeps top-level scalars on a first page, renders booleans and skips arrays', () => {
    const p = formPages({
      type: 'object',
      title: 'Tờ khai',
      properties: {
        lyDo: { type: 'string' },
        dongY: { type: 'boolean', title: 'Tôi cam đoan' },
        danhSach: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(p).toHaveLength(1);
    expect(p[0]!.title).toBe('Tờ khai');
    expect(p[0]!.fields.map((f) => f.kind)).toEqual(['text', 'boolean']);
    expect(formPages({ type: 'object', properties: {} })).toEqual([]);
  });

  it('stores what was typed (text), drops blanks and empty optional sections, checkbox as boolean', () => {
    const data = applyPage({}, pages[2]!, {
      'f.me.hoTen': '  Nguyễn Thị Hoa ',
      'f.me.namSinh': 'abc',
      'f.me.danToc': '',
    });
    expect(data).toEqual({ me: { hoTen: 'Nguyễn Thị Hoa', namSinh: 'abc' } });
    expect(applyPage(data, pages[3]!, {})).toEqual(data);
    const bool = formPages({ type: 'object', properties: { dongY: { type: 'boolean' } } })[0]!;
    expect(applyPage({}, bool, { 'f.dongY': 'co' })).toEqual({ dongY: true });
    expect(applyPage({ dongY: true }, bool, {})).toEqual({ dongY: false });
  });

  it('creates required sections before validation and maps error paths back to inputs', () => {
    expect(forValidation(birthRegistrationForm(), {})).toEqual({ nguoiYeuCau: {}, nguoiDuocKhaiSinh: {}, me: {} });
    const at = fieldIdOf(pages, { field: '/formData/me/hoTen', message: 'x' });
    expect(at?.page.key).toBe('me');
    expect(at?.field.id).toBe('f-me-hoTen');
    expect(fieldIdOf(pages, { field: '/formData/khongCo', message: 'x' })).toBeNull();
  });

  it("pre-fills the applicant's name, phone and e-mail from the profile, and shows answers as text", () => {
    expect(prefill(pages, { fullName: 'Trần Văn An', phone: '0912345678', email: 'an@example.vn' })).toEqual({
      nguoiYeuCau: { hoTen: 'Trần Văn An', email: 'an@example.vn' },
    });
    const sex = pages[1]!.fields.find((f) => f.kind === 'enum')!;
    expect(answerText(sex, 'nu')).toBe('Nữ');
    expect(answerText(sex, { bad: 1 })).toBe('');
  });

  it('compares phone numbers by their national digits', () => {
    expect(nationalPhone('+84 912 345 678')).toBe('0912345678');
    expect(nationalPhone('0912.345.678')).toBe('0912345678');
    expect(nationalPhone('84912345678')).toBe('0912345678');
    expect(nationalPhone('0912345679')).not.toBe('0912345678');
  });
});
