import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loginAs } from '../auth/testing.js';
import { FormValidator } from './form-validation.js';
import {
  birthRegistrationData,
  birthRegistrationForm,
  createProcedure,
  procedureInput,
} from './procedures.factories.js';

const rev = (revision: number, formSchema: Record<string, unknown> = birthRegistrationForm()) => ({
  procedureId: '6f1c1f3e-8a52-4d55-9d0e-1b0d8f0a0001',
  revision,
  formSchema,
});

describe('FormValidator (e-form of Đăng ký khai sinh)', () => {
  it('accepts correctly filled data', () => {
    expect(new FormValidator().validate(rev(1), birthRegistrationData())).toEqual([]);
  });

  it('reports every missing required field under /formData, in Vietnamese', () => {
    const data = birthRegistrationData();
    delete (data.nguoiDuocKhaiSinh as Record<string, unknown>).hoTen;
    delete data.me;
    const errors = new FormValidator().validate(rev(1), data);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: '/formData/nguoiDuocKhaiSinh/hoTen', message: 'Trường này là bắt buộc.' },
        { field: '/formData/me', message: 'Trường này là bắt buộc.' },
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('reports wrong formats, patterns, enums and types with the API messages', () => {
    const data = birthRegistrationData();
    (data.nguoiDuocKhaiSinh as Record<string, unknown>).ngaySinh = '02/10/2026';
    (data.nguoiDuocKhaiSinh as Record<string, unknown>).gioiTinh = 'khac';
    (data.nguoiYeuCau as Record<string, unknown>).soGiayTo = '12345';
    (data.nguoiYeuCau as Record<string, unknown>).email = 'khong-phai-email';
    (data.me as Record<string, unknown>).namSinh = 'một chín chín lăm';
    const errors = new FormValidator().validate(rev(1), data);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: '/formData/nguoiDuocKhaiSinh/ngaySinh', message: 'Ngày phải theo định dạng YYYY-MM-DD.' },
        { field: '/formData/nguoiDuocKhaiSinh/gioiTinh', message: 'Giá trị không nằm trong danh sách cho phép.' },
        { field: '/formData/nguoiYeuCau/soGiayTo', message: 'Giá trị không đúng định dạng.' },
        { field: '/formData/nguoiYeuCau/email', message: 'Địa chỉ thư điện tử không hợp lệ.' },
        { field: '/formData/me/namSinh', message: 'Giá trị phải là số nguyên.' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('rejects data that is not an object at /formData', () => {
    expect(new FormValidator().validate(rev(1), 'chuỗi')).toEqual([
      { field: '/formData', message: 'Giá trị phải là một đối tượng.' },
    ]);
  });

  it('normalises in place like the API: coerces numbers, fills defaults, drops forbidden extra fields', () => {
    const data = birthRegistrationData();
    const me = data.me as Record<string, unknown>;
    me.namSinh = '1995';
    delete me.danToc;
    (data.nguoiYeuCau as Record<string, unknown>).ghiChuLa = 'không thuộc biểu mẫu';
    expect(new FormValidator().validate(rev(1), data)).toEqual([]);
    expect(me.namSinh).toBe(1995);
    expect(me.danToc).toBe('Kinh');
    expect(data.nguoiYeuCau).not.toHaveProperty('ghiChuLa');
  });

  it('treats an empty form as "no form" and compiles once per revision', () => {
    const v = new FormValidator();
    expect(v.validate(rev(1, {}), { anything: 1 })).toEqual([]);
    v.validate(rev(1), birthRegistrationData());
    v.validate(rev(1), birthRegistrationData());
    expect(v.cachedCount).toBe(1);
    // a new revision with a different form is compiled on its own
    const stricter = { type: 'object', required: ['x'], properties: { x: { type: 'string' } } };
    expect(v.validate(rev(2, stricter), birthRegistrationData())).toEqual([
      { field: '/formData/x', message: 'Trường này là bắt buộc.' },
    ]);
    expect(v.cachedCount).toBe(2);
  });

  it('tells the form author why a schema does not compile', () => {
    const v = new FormValidator();
    expect(v.compileProblems(birthRegistrationForm())).toEqual([]);
    const problems = v.compileProblems({ type: 'object', properties: { a: { type: 'chuoi' } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('/formSchema');
    expect(problems[0]?.message).toMatch(/^Biểu mẫu không phải JSON Schema hợp lệ/);
  });
});

describe('app.procedures.validateForm on a published procedure', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await createAgency(t.app, { kind: 'ubnd_tinh', parentId: null, name: 'UBND tỉnh Biểu Mẫu' });
    const u = await createUser(t.app, {
      agencyId: province.id,
      roles: [{ roleCode: 'quan_tri', includeSubordinates: true }],
    });
    admin = (await loginAs(t.app, u.username, u.password)).headers;
  }, 120_000);
  afterAll(async () => t.close());

  it('validates against the form of the revision the dossier is filed under', async () => {
    const p = await createProcedure(t.app, admin, { formSchema: birthRegistrationForm() }, { publish: true });
    const published = await t.app.procedures.findPublished(p.code);
    expect(published).not.toBeNull();
    if (!published) return;
    expect(t.app.procedures.validateForm(published, birthRegistrationData())).toEqual([]);
    const data = birthRegistrationData();
    delete data.nguoiYeuCau;
    expect(t.app.procedures.validateForm(published, data)).toEqual([
      { field: '/formData/nguoiYeuCau', message: 'Trường này là bắt buộc.' },
    ]);

    // a second revision that drops the form: revision 1 still validates with its own form
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/procedures/${p.id}`,
      headers: admin,
      payload: {
        ...procedureInput({ code: p.code, name: p.name }),
        formSchema: { type: 'object', properties: {} },
        version: p.version,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/procedures/${p.id}/publish`,
      headers: admin,
      payload: { version: put.json<{ version: number }>().version },
    });
    expect(pub.statusCode, pub.body).toBe(200);
    const r1 = await t.app.procedures.findRevision(p.id, published.revision);
    const r2 = await t.app.procedures.findPublished(p.code);
    expect(r2?.revision).toBe(published.revision + 1);
    expect(r1 && t.app.procedures.validateForm(r1, data)).toHaveLength(1);
    expect(r2 && t.app.procedures.validateForm(r2, data)).toEqual([]);
  });

  it('refuses to save an e-form that is not a valid JSON Schema (422, Vietnamese)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures',
      headers: admin,
      payload: procedureInput({ formSchema: { type: 'object', properties: { a: { type: 'chuoi' } } } }),
    });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json<{ errors: { field: string; message: string }[] }>();
    expect(body.errors[0]?.field).toBe('/formSchema');
    expect(body.errors[0]?.message).toMatch(/^Biểu mẫu không phải JSON Schema hợp lệ/);
  });
});
