import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { importUnits, type ImportResult } from './units.service.js';

/** Imports the real lists once (both eras + conversion table) and reads them back through the API. */
describe('administrative units', () => {
  let t: TestApp;
  let first: ImportResult;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-02T09:00:00+07:00') });
    first = await importUnits(t.app.database.db);
  }, 120_000);
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}` });

  it('imports both eras and the conversion table, and a second import changes nothing', async () => {
    console.info(
      `import: ${first.milliseconds} ms (first), units ${first.units.total}, conversions ${first.conversions.total}`,
    );
    expect(first.units.inserted).toBe(first.units.total);
    expect(first.units.total).toBeGreaterThan(14_000);
    expect(first.conversions.inserted).toBe(first.conversions.total);
    const again = await importUnits(t.app.database.db);
    expect(again.units).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.conversions).toMatchObject({ inserted: 0, updated: 0 });
  }, 120_000);

  it('lists the 34 provinces and 3,321 communes in force today', async () => {
    const provinces = await get('/units?level=province&limit=200');
    expect(provinces.statusCode).toBe(200);
    expect(provinces.json().items).toHaveLength(34);
    let communes = 0;
    let cursor: string | null = null;
    do {
      const res = await get(`/units?level=commune&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json<{ items: unknown[]; nextCursor: string | null }>();
      communes += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    expect(communes).toBe(3321);
  });

  it('keeps both eras of a reused code: 44 was Quảng Bình until 30/6/2025 and is Quảng Trị since 1/7/2025', async () => {
    const before = await get('/units?level=province&asOf=2025-06-30&q=44');
    expect(before.json().items).toEqual([
      expect.objectContaining({ code: '44', name: 'Tỉnh Quảng Bình', validFrom: null, validTo: '2025-06-30' }),
    ]);
    const detail = await get('/units/44');
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ code: '44', name: 'Tỉnh Quảng Trị', validFrom: '2025-07-01', validTo: null });
    expect(detail.json<{ history: { name: string }[] }>().history.map((h) => h.name)).toEqual([
      'Tỉnh Quảng Bình',
      'Tỉnh Quảng Trị',
    ]);
    expect(detail.json().history[0].successorCodes).toEqual(['44']);
  });

  it('lists the communes of Quảng Trị with a diacritics-insensitive search', async () => {
    const res = await get('/units?parentCode=44&q=dong%20hoi');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual(
      expect.objectContaining({
        code: '18880',
        name: 'Phường Đồng Hới',
        level: 'commune',
        parentCode: '44',
        divisionType: 'phường',
      }),
    );
  });

  it('resolves an old commune code to the commune in force (Phường Trúc Bạch → Phường Ba Đình)', async () => {
    const res = await get('/units/resolve?code=00004');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.old).toMatchObject({ code: '00004', name: 'Phường Trúc Bạch', level: 'commune', parentCode: '001' });
    expect(body.current).toEqual([expect.objectContaining({ code: '00004', name: 'Phường Ba Đình', validTo: null })]);
    expect(body.conversions[0]).toMatchObject({ mergeKind: 'full', note: 'Nhập toàn bộ' });
  });

  it('resolves a commune split between several new communes to all of them', async () => {
    // Phường Ngọc Hà (00016) went "Nhập một phần" into Phường Ba Đình and others.
    const res = await get('/units/resolve?code=00016');
    const codes = res.json<{ current: { code: string }[] }>().current.map((u) => u.code);
    expect(codes.length).toBeGreaterThan(1);
    expect(codes).toContain('00004');
  });

  it('resolves an old province and an old district through their successors', async () => {
    const province = await get('/units/resolve?code=45');
    expect(province.json().old.name).toBe('Tỉnh Quảng Trị');
    expect(province.json().current).toEqual([expect.objectContaining({ code: '44', name: 'Tỉnh Quảng Trị' })]);
    const district = await get('/units/resolve?code=471'); // Huyện Cồn Cỏ → Đặc khu Cồn Cỏ
    expect(district.json().current).toEqual([expect.objectContaining({ code: '19742', divisionType: 'đặc khu' })]);
  });

  it('answers 404 for an unknown code and 422 for a malformed one', async () => {
    expect((await get('/units/99999')).statusCode).toBe(404);
    expect((await get('/units/resolve?code=99999')).statusCode).toBe(404);
    expect((await get('/units/abc')).statusCode).toBe(422);
  });

  it('serves the portal through the port', async () => {
    expect(await t.app.org.listProvinces()).toHaveLength(34);
    const communes = await t.app.org.listCommunes('44');
    expect(communes).toContainEqual({ code: '19363', name: 'Xã Vĩnh Linh', kind: 'xã' });
    expect(await t.app.org.listCommunes('45')).toBeNull();
    const resolution = await t.app.org.resolveOldCommune('00004');
    expect(resolution).toMatchObject({
      oldName: 'Phường Trúc Bạch',
      oldDistrictName: 'Quận Ba Đình',
      oldProvinceName: 'Thành phố Hà Nội',
    });
    expect(resolution?.current[0]).toMatchObject({
      commune: { code: '00004' },
      province: { code: '01' },
      note: 'Nhập toàn bộ',
    });
    expect(await t.app.org.resolveOldCommune('99999')).toBeNull();
  });

  it('lists every org route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths as object);
    for (const p of [
      '/units',
      '/units/resolve',
      '/units/{code}',
      '/agencies/tree',
      '/agencies',
      '/agencies/{id}',
      '/agencies/{id}/departments',
      '/positions',
      '/roles',
      '/users',
      '/users/{id}',
      '/users/{id}/lock',
      '/users/{id}/unlock',
      '/users/{id}/reset-password',
      '/users/{id}/roles',
    ]) {
      expect(paths).toContain(`/api/v1${p}`);
    }
  });
});
