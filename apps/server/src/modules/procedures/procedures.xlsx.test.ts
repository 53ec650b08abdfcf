import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, tinyPdf } from '../../test/factories/multipart.js';
import { createAgency, createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loginAs } from '../auth/testing.js';
import { birthRegistrationForm, createProcedure, procedureInput } from './procedures.factories.js';
import type { ProcedureExchange, ProcedureView } from './procedures.schemas.js';
import { readCatalogueXlsx, writeCatalogueXlsx } from './procedures.xlsx.js';
import { checkZip } from './zip-check.js';

const SEED = JSON.parse(
  readFileSync(new URL('../../../../../data/procedures/thu-tuc.json', import.meta.url), 'utf8'),
) as ProcedureExchange[];
const AT = new Date('2026-11-24T03:00:00Z');

describe('catalogue workbook (pure)', () => {
  it('round-trips the 27 researched seed procedures exactly', async () => {
    const bytes = await writeCatalogueXlsx(SEED, AT);
    const parsed = await readCatalogueXlsx(bytes);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toEqual(SEED);
  });

  it('round-trips an e-form longer than an Excel cell holds, and a custom workflow', async () => {
    const big = { ...birthRegistrationForm(), description: 'Hướng dẫn kê khai. '.repeat(4000) };
    const entry: ProcedureExchange = {
      ...(SEED[0] as ProcedureExchange),
      formSchema: big,
      workflow: [
        { key: 'tiep_nhan', name: 'Tiếp nhận', role: 'can_bo_mot_cua', share: 20, isApproval: false },
        { key: 'duyet', name: 'Phê duyệt', role: 'lanh_dao', share: 80, isApproval: true },
      ],
      agencyCodes: ['A.1', 'B.2'],
      components: [
        {
          name: 'Tờ khai đăng ký khai sinh',
          originals: 1,
          copies: 0,
          form: 'ban_chinh',
          required: true,
          condition: null,
          templateUrl: 'https://dichvucong.gov.vn/mau/to-khai-khai-sinh.docx',
        },
      ],
    };
    const parsed = await readCatalogueXlsx(await writeCatalogueXlsx([entry], AT));
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toEqual([entry]);
  });

  it('names sheet, row and column of every wrong cell, in Vietnamese', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeCatalogueXlsx(SEED.slice(0, 2), AT)) as unknown as ArrayBuffer);
    const main = wb.getWorksheet('Thủ tục');
    const comps = wb.getWorksheet('Thành phần hồ sơ');
    if (!main || !comps) throw new Error('sheets missing');
    main.getCell('C2').value = null; // Tên thủ tục
    main.getCell('E3').value = 'huyen'; // Cấp thực hiện
    main.getCell('M2').value = '[{"amount": 5,'; // Gia hạn (JSON)
    comps.getCell('A2').value = '9.999999'; // unknown procedure
    comps.getCell('D3').value = 'ba'; // Số bản chính
    comps.getCell('G3').value = 'có lẽ'; // Bắt buộc
    const parsed = await readCatalogueXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        {
          field: 'Thủ tục!M2',
          message: 'Trang «Thủ tục», dòng 2, cột M (Gia hạn (JSON)): Nội dung JSON không hợp lệ.',
        },
        {
          field: 'Thành phần hồ sơ!A2',
          message:
            'Trang «Thành phần hồ sơ», dòng 2, cột A (Mã thủ tục): Không có thủ tục mã "9.999999" ở trang «Thủ tục».',
        },
        {
          field: 'Thành phần hồ sơ!G3',
          message: 'Trang «Thành phần hồ sơ», dòng 3, cột G (Bắt buộc): Hãy ghi "Có" hoặc "Không".',
        },
      ]),
    );
    // once the cells that cannot be read are fixed, the schema errors are located the same way
    main.getCell('M2').value = null;
    comps.getCell('A2').value = SEED[0]?.code ?? null;
    comps.getCell('G3').value = 'Có';
    const again = await readCatalogueXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(again.problems).toEqual(
      expect.arrayContaining([
        { field: 'Thủ tục!C2', message: 'Trang «Thủ tục», dòng 2, cột C (Tên thủ tục): Trường này là bắt buộc.' },
        {
          field: 'Thủ tục!E3',
          message: 'Trang «Thủ tục», dòng 3, cột E (Cấp thực hiện): Giá trị không được chấp nhận.',
        },
        {
          field: 'Thành phần hồ sơ!D3',
          message: 'Trang «Thành phần hồ sơ», dòng 3, cột D (Số bản chính): Giá trị phải là số nguyên.',
        },
      ]),
    );
  });

  it('refuses an archive whose declared sizes lie (zip bomb)', () => {
    const payload = Buffer.alloc(5 * 1024 * 1024, 0x41); // 5 MB of "A", deflates to a few KB
    const bomb = zipOf('xl/workbook.xml', deflateRawSync(payload), 100);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(checkZip(bomb, { maxUnpackedBytes: 1024 * 1024, maxEntries: 10 })).toEqual({ ok: false, reason: 'too_big' });
    // the same archive, honest and within the limit, passes
    const small = Buffer.alloc(1000, 0x41);
    expect(
      checkZip(zipOf('a.xml', deflateRawSync(small), small.length), {
        maxUnpackedBytes: 1024 * 1024,
        maxEntries: 10,
      }),
    ).toEqual({ ok: true, entries: ['a.xml'] });
  });

  it('checks the archive before reading it', async () => {
    const xlsx = await writeCatalogueXlsx(SEED.slice(0, 1), AT);
    const ok = checkZip(xlsx, { maxUnpackedBytes: 50_000_000, maxEntries: 100 });
    expect(ok.ok && ok.entries).toContain('xl/workbook.xml');
    expect(checkZip(xlsx, { maxUnpackedBytes: 1000, maxEntries: 100 })).toEqual({ ok: false, reason: 'too_big' });
    expect(checkZip(await tinyPdf(), { maxUnpackedBytes: 50_000_000, maxEntries: 100 })).toEqual({
      ok: false,
      reason: 'not_zip',
    });
  });
});

describe('XLSX import/export routes', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let communeAdmin: Record<string, string>;
  let officer: Record<string, string>;
  let clerk: Record<string, string>;
  let communeCode: string;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await createAgency(t.app, { kind: 'ubnd_tinh', parentId: null, name: 'UBND tỉnh Excel' });
    const commune = await createAgency(t.app, { kind: 'ubnd_xa', parentId: province.id, name: 'UBND xã Excel' });
    communeCode = commune.code;
    const mk = async (agencyId: string, roleCode: string, includeSubordinates = false) => {
      const u = await createUser(t.app, { agencyId, roles: [{ roleCode, includeSubordinates }] });
      return (await loginAs(t.app, u.username, u.password)).headers;
    };
    admin = await mk(province.id, 'quan_tri', true);
    communeAdmin = await mk(commune.id, 'quan_tri', true);
    officer = await mk(commune.id, 'can_bo_mot_cua');
    clerk = await mk(commune.id, 'van_thu');
  }, 120_000);
  afterAll(async () => t.close());

  const exportXlsx = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/procedures/export.xlsx', headers });
  const importXlsx = (headers: Record<string, string>, data: Buffer, filename = 'thu-tuc.xlsx') => {
    const { payload, contentType } = multipartBody([{ name: 'file', filename, data }]);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures/import.xlsx',
      headers: { ...headers, 'content-type': contentType },
      payload,
    });
  };
  const exportJson = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/procedures/export', headers: admin })).json<unknown[]>();

  it('export → import → identical content', async () => {
    const a = await createProcedure(t.app, admin, {
      formSchema: birthRegistrationForm(),
      agencyIds: [],
      workflow: [
        { key: 'tiep_nhan', name: 'Tiếp nhận', role: 'can_bo_mot_cua', share: 30, isApproval: false },
        { key: 'phe_duyet', name: 'Phê duyệt', role: 'lanh_dao', share: 70, isApproval: true },
      ],
    });
    await createProcedure(t.app, admin, { code: null, name: 'Xác nhận thử nghiệm không mã' }, { publish: false });
    await createProcedure(t.app, admin, {}, { publish: true });
    const before = await exportJson();
    const res = await exportXlsx(admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const file = res.rawPayload;

    const same = await importXlsx(admin, file);
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ created: [], updated: [] });
    expect(same.json<{ unchanged: string[] }>().unchanged).toHaveLength(before.length);

    // someone edits a procedure; importing the workbook restores exactly what was exported
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/procedures/${a.id}`,
      headers: admin,
      payload: { ...procedureInput({ code: a.code, name: 'Tên đã sửa', components: [] }), version: a.version },
    });
    expect(put.statusCode, put.body).toBe(200);
    const restore = await importXlsx(admin, file);
    expect(restore.statusCode, restore.body).toBe(200);
    expect(restore.json()).toMatchObject({ created: [], updated: [a.code] });
    expect(await exportJson()).toEqual(before);
  });

  it('answers 422 with sheet/row/column, and imports nothing', async () => {
    const p = await createProcedure(t.app, admin);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportXlsx(admin)).rawPayload as unknown as ArrayBuffer);
    const main = wb.getWorksheet('Thủ tục');
    if (!main) throw new Error('no sheet');
    let row = 0;
    main.eachRow((r, n) => {
      if (r.getCell(1).value === p.code) row = n;
    });
    main.getCell(`C${row}`).value = 'Tên đổi nhưng không được nhập';
    main.getCell(`J${row}`).value = -1; // Thời hạn giải quyết
    const res = await importXlsx(admin, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ errors: unknown[] }>().errors).toEqual([
      {
        field: `Thủ tục!J${row}`,
        message: `Trang «Thủ tục», dòng ${row}, cột J (Thời hạn giải quyết): Giá trị phải lớn hơn hoặc bằng 0.`,
      },
    ]);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/procedures/${p.id}`, headers: admin });
    expect(after.json<ProcedureView>().name).toBe(p.name);
  });

  it('reports an unknown agency code at its cell', async () => {
    const entry = { ...(SEED[1] as ProcedureExchange), agencyCodes: [communeCode, 'KHONG.CO'] };
    const res = await importXlsx(admin, await writeCatalogueXlsx([entry], AT));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ errors: unknown[] }>().errors).toEqual([
      {
        field: 'Thủ tục!H2',
        message: 'Trang «Thủ tục», dòng 2, cột H (Mã cơ quan thực hiện): Không có cơ quan mã KHONG.CO.',
      },
    ]);
  });

  it('checks the real type of the file, not its name', async () => {
    const res = await importXlsx(admin, await tinyPdf(), 'danh-muc.xlsx');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ code: string }>().code).toBe('unsupported_file_type');
    const big = await importXlsx(admin, Buffer.alloc(11 * 1024 * 1024, 1));
    expect(big.statusCode).toBe(413);
  });

  it('lets readers export, only provincial managers import', async () => {
    const file = (await exportXlsx(admin)).rawPayload;
    expect((await exportXlsx(officer)).statusCode).toBe(200);
    expect((await exportXlsx(communeAdmin)).statusCode).toBe(200);
    expect((await exportXlsx(clerk)).statusCode).toBe(403);
    expect((await exportXlsx({})).statusCode).toBe(401);
    expect((await importXlsx(officer, file)).statusCode).toBe(403);
    const commune = await importXlsx(communeAdmin, file);
    expect(commune.statusCode).toBe(403);
    expect(commune.json<{ code: string }>().code).toBe('procedures_province_only');
    expect((await importXlsx(clerk, file)).statusCode).toBe(403);
    expect((await importXlsx({}, file)).statusCode).toBe(401);
  });

  it('keeps a fee "set by the province" (amount null) as null through the API', async () => {
    const fee = {
      kind: 'le_phi' as const,
      name: 'Lệ phí do HĐND tỉnh quy định',
      mode: 'provincial' as const,
      amountVnd: null,
      unit: null,
      tiers: [],
      capVnd: null,
      cases: [{ when: 'Người thuộc hộ nghèo', amountVnd: null }],
      basis: 'Thông tư thử nghiệm',
    };
    const p = await createProcedure(t.app, admin, { fees: [fee] });
    expect(p.fees[0]).toEqual(fee);
  });
});

/** A one-entry ZIP (deflate) whose headers declare `declaredSize` as the unpacked size. */
function zipOf(name: string, data: Buffer, declaredSize: number): Buffer {
  const n = Buffer.from(name, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + n.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}
