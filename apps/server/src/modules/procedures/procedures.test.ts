import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loginAs } from '../auth/testing.js';
import { createProcedure, procedureInput } from './procedures.factories.js';
import type { ProcedureView } from './procedures.schemas.js';

const SEED_FILE = new URL('../../../../../data/procedures/thu-tuc.json', import.meta.url);

describe('procedure catalogue', () => {
  let t: TestApp;
  let admin: Record<string, string>; // quan_tri of the province (top-level agency)
  let communeAdmin: Record<string, string>; // quan_tri of a commune
  let officer: Record<string, string>; // can_bo_mot_cua of a commune
  let clerk: Record<string, string>; // van_thu: no procedures.read
  let communeCode: string;
  let communeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await createAgency(t.app, { kind: 'ubnd_tinh', parentId: null, name: 'UBND tỉnh Thử Nghiệm' });
    const commune = await createAgency(t.app, { kind: 'ubnd_xa', parentId: province.id, name: 'UBND xã Thử Nghiệm' });
    communeCode = commune.code;
    communeId = commune.id;
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

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: payload as object });

  describe('authorization', () => {
    it('answers 401 to anonymous callers on every staff route', async () => {
      const p = await createProcedure(t.app, admin);
      const calls = [
        get('/procedures'),
        get(`/procedures/${p.id}`),
        get('/procedures/export'),
        post('/procedures', {}, procedureInput()),
        post('/procedures/import', {}, []),
        post(`/procedures/${p.id}/publish`, {}, { version: p.version }),
        post(`/procedures/${p.id}/archive`, {}, { version: p.version }),
        t.app.inject({
          method: 'PUT',
          url: `/api/v1/procedures/${p.id}`,
          payload: { ...procedureInput(), version: 1 },
        }),
      ];
      for (const res of await Promise.all(calls)) expect(res.statusCode, res.body).toBe(401);
    });

    it('lets officers read but not manage; a role without procedures.read gets 403', async () => {
      const p = await createProcedure(t.app, admin);
      expect((await get('/procedures', officer)).statusCode).toBe(200);
      expect((await get(`/procedures/${p.id}`, officer)).statusCode).toBe(200);
      expect((await get('/procedures', clerk)).statusCode).toBe(403);
      const res = await post('/procedures', officer, procedureInput());
      expect(res.statusCode).toBe(403);
      expect((await post(`/procedures/${p.id}/publish`, officer, { version: p.version })).statusCode).toBe(403);
    });

    it('refuses changes by a commune administrator (manage held only below the province)', async () => {
      const p = await createProcedure(t.app, admin);
      const create = await post('/procedures', communeAdmin, procedureInput());
      expect(create.statusCode).toBe(403);
      expect(create.json<{ code: string }>().code).toBe('procedures_province_only');
      expect((await post(`/procedures/${p.id}/publish`, communeAdmin, { version: p.version })).statusCode).toBe(403);
      expect((await post('/procedures/import', communeAdmin, [])).statusCode).toBe(403);
      // …but reading is fine for them.
      expect((await get(`/procedures/${p.id}`, communeAdmin)).statusCode).toBe(200);
    });

    it('serves the public routes to anonymous callers', async () => {
      const p = await createProcedure(t.app, admin, {}, { publish: true });
      expect((await get('/public/procedures')).statusCode).toBe(200);
      expect((await get(`/public/procedures/${p.code}`)).statusCode).toBe(200);
    });
  });

  describe('editing and publishing', () => {
    it('creates once per Idempotency-Key and writes an audit row', async () => {
      const body = procedureInput();
      const headers = { ...admin, 'idempotency-key': `proc-${body.code}` };
      const a = await post('/procedures', headers, body);
      const b = await post('/procedures', headers, body);
      expect(a.statusCode).toBe(201);
      expect(b.json<ProcedureView>().id).toBe(a.json<ProcedureView>().id);
      const created = a.json<ProcedureView>();
      expect(created).toMatchObject({ status: 'draft', version: 1, publishedVersion: null, codeIsLocal: false });
      expect(created.workflow.some((s) => s.isApproval)).toBe(true);
      const audit = await t.app.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', created.id)
        .execute();
      expect(audit.map((r) => r.action)).toEqual(['procedure.create']);
    });

    it('answers 409 to an update with a stale version', async () => {
      const p = await createProcedure(t.app, admin);
      const first = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/procedures/${p.id}`,
        headers: admin,
        payload: { ...procedureInput({ code: p.code, name: 'Tên mới' }), version: p.version },
      });
      expect(first.statusCode).toBe(200);
      expect(first.json<ProcedureView>().version).toBe(p.version + 1);
      const stale = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/procedures/${p.id}`,
        headers: admin,
        payload: { ...procedureInput({ code: p.code, name: 'Tên khác' }), version: p.version },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<{ code: string }>().code).toBe('stale_version');
      expect((await post(`/procedures/${p.id}/publish`, admin, { version: p.version })).statusCode).toBe(409);
    });

    it('publishes a snapshot: later edits stay private until published again', async () => {
      const p = await createProcedure(t.app, admin, { name: 'Chứng thực bản sao thử nghiệm' }, { publish: true });
      expect(p).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: false });
      const edited = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/procedures/${p.id}`,
        headers: admin,
        payload: { ...procedureInput({ code: p.code, name: 'Chứng thực bản sao (sửa đổi)' }), version: p.version },
      });
      const e = edited.json<ProcedureView>();
      expect(e).toMatchObject({ status: 'published', hasUnpublishedChanges: true });
      expect((await get(`/public/procedures/${p.code}`)).json<{ name: string }>().name).toBe(
        'Chứng thực bản sao thử nghiệm',
      );
      const again = await post(`/procedures/${p.id}/publish`, admin, { version: e.version });
      expect(again.json<ProcedureView>()).toMatchObject({ publishedVersion: 2, hasUnpublishedChanges: false });
      expect((await get(`/public/procedures/${p.code}`)).json<{ name: string }>().name).toBe(
        'Chứng thực bản sao (sửa đổi)',
      );
      const versions = (await get(`/procedures/${p.id}/versions`, officer)).json<{ revision: number }[]>();
      expect(versions.map((v) => v.revision)).toEqual([2, 1]);
      // The first snapshot is kept for dossiers filed under it.
      expect((await t.app.procedures.findRevision(p.id, 1))?.name).toBe('Chứng thực bản sao thử nghiệm');
      expect((await t.app.procedures.findPublished(p.code))?.revision).toBe(2);
    });

    it('the public search shows a publication and an archiving at once (its page cache is dropped on write)', async () => {
      const field = 'Lĩnh vực bộ nhớ đệm';
      const search = async () =>
        (await get(`/public/procedures?field=${encodeURIComponent(field)}`))
          .json<{ items: { code: string }[] }>()
          .items.map((i) => i.code);
      expect(await search()).toEqual([]);
      const p = await createProcedure(t.app, admin, { field }, { publish: true });
      expect(await search()).toEqual([p.code]);
      const archived = await post(`/procedures/${p.id}/archive`, admin, { version: p.version });
      expect(archived.statusCode, archived.body).toBe(200);
      expect(await search()).toEqual([]);
    });

    it('hides an archived procedure from the public API', async () => {
      const p = await createProcedure(t.app, admin, {}, { publish: true });
      const res = await post(`/procedures/${p.id}/archive`, admin, { version: p.version });
      expect(res.json<ProcedureView>().status).toBe('archived');
      expect((await get(`/public/procedures/${p.code}`)).statusCode).toBe(404);
      expect(await t.app.procedures.findPublished(p.code)).toBeNull();
    });

    it('gives a local DP.* code when there is no national code, and refuses to publish it', async () => {
      const p = await createProcedure(t.app, admin, { code: null, name: 'Giải thể doanh nghiệp thử nghiệm' });
      expect(p).toMatchObject({ code: 'DP.giai-the-doanh-nghiep-thu-nghiem', codeIsLocal: true });
      const res = await post(`/procedures/${p.id}/publish`, admin, { version: p.version });
      expect(res.statusCode).toBe(422);
    });

    it('rejects a workflow whose shares do not add up to 100 % and an unknown agency', async () => {
      const res = await post(
        '/procedures',
        admin,
        procedureInput({
          workflow: [{ key: 'xu_ly', name: 'Xử lý', role: 'chuyen_vien', share: 50, isApproval: true }],
          agencyIds: ['00000000-0000-4000-8000-000000000000'],
        }),
      );
      expect(res.statusCode).toBe(422);
      const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['/workflow', '/agencyIds/0']));
    });
  });

  describe('public API', () => {
    let published: ProcedureView;
    beforeAll(async () => {
      published = await createProcedure(
        t.app,
        admin,
        {
          name: 'Đăng ký khai sinh thử nghiệm',
          field: 'Hộ tịch thử',
          onlineMode: 'toan_trinh',
          agencyIds: [communeId],
        },
        { publish: true },
      );
      await createProcedure(t.app, admin, { name: 'Đăng ký khai sinh bản nháp', field: 'Hộ tịch thử' });
    });

    it('finds "Đăng ký khai sinh" from "dang ky khai sinh", in any case, only when published', async () => {
      for (const q of ['dang ky khai sinh', 'ĐĂNG KÝ KHAI SINH', 'khai sinh dang ky']) {
        const res = await get(
          `/public/procedures?q=${encodeURIComponent(q)}&field=${encodeURIComponent('Hộ tịch thử')}`,
        );
        expect(res.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual([
          'Đăng ký khai sinh thử nghiệm',
        ]);
      }
      const staff = await get(
        `/procedures?q=dang%20ky%20khai%20sinh&field=${encodeURIComponent('Hộ tịch thử')}`,
        officer,
      );
      expect(staff.json<{ items: unknown[] }>().items).toHaveLength(2);
    });

    it('returns exactly the documented shape', async () => {
      const list = await get(`/public/procedures?q=${encodeURIComponent('khai sinh thử nghiệm')}`);
      expect(list.json()).toEqual({
        items: [
          {
            code: published.code,
            name: 'Đăng ký khai sinh thử nghiệm',
            field: 'Hộ tịch thử',
            level: 'xa',
            processingTime: { amount: 3, unit: 'working_days' },
            feeVnd: 10000,
            onlineMode: 'full',
          },
        ],
        nextCursor: null,
      });
      const detail = (await get(`/public/procedures/${published.code}`)).json<Record<string, unknown>>();
      expect(Object.keys(detail).sort()).toEqual(
        [
          'code',
          'name',
          'field',
          'level',
          'processingTime',
          'feeVnd',
          'onlineMode',
          'components',
          'form',
          'agencies',
          'legalBasis',
        ].sort(),
      );
      expect(detail.agencies).toEqual([{ code: communeCode, name: 'UBND xã Thử Nghiệm' }]);
      expect(detail.form).toEqual({ type: 'object', properties: {} });
      expect(detail.components).toEqual(procedureInput().components);
      expect(detail.legalBasis).toEqual(procedureInput().legalBasis);
      expect((await get('/public/procedures/1.999999')).statusCode).toBe(404);
    });

    it('filters by implementing agency code', async () => {
      const mine = await get(`/public/procedures?agencyCode=${encodeURIComponent(communeCode)}`);
      expect(mine.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual([published.code]);
      const none = await get('/public/procedures?agencyCode=999.99.99.H99');
      expect(none.json()).toEqual({ items: [], nextCursor: null });
    });

    it('pages through every published procedure exactly once', async () => {
      for (let i = 0; i < 5; i++) await createProcedure(t.app, admin, { field: 'Phân trang' }, { publish: true });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/public/procedures?field=Ph%C3%A2n%20trang&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await get(url)).json<{ items: { code: string }[]; nextCursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.code));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
      expect((await get('/public/procedures?cursor=not-a-cursor')).statusCode).toBe(400);
    });
  });

  describe('import and export', () => {
    it('imports the researched seed, and an export re-imported changes nothing', async () => {
      const seed: unknown[] = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as unknown[];
      const first = await post('/procedures/import', admin, seed);
      expect(first.statusCode, first.body).toBe(200);
      const r1 = first.json<{ created: string[]; updated: string[]; unchanged: string[] }>();
      expect(r1.created).toHaveLength(seed.length);
      expect(r1.created).toContain('1.001193');
      expect(r1.created.filter((c) => c.startsWith('DP.'))).toHaveLength(8);

      const exported = await get('/procedures/export', officer);
      expect(exported.statusCode).toBe(200);
      const again = await post('/procedures/import', admin, exported.json());
      const r2 = again.json<{ created: string[]; updated: string[]; unchanged: string[] }>();
      expect(r2.created).toEqual([]);
      expect(r2.updated).toEqual([]);
      expect(r2.unchanged.length).toBe(exported.json<unknown[]>().length);
      expect((await get('/procedures/export', officer)).json()).toEqual(exported.json());

      // The seed entry survives the trip with its sources.
      const khaiSinh = exported
        .json<{ code: string | null; source: { fees: string } | null }[]>()
        .find((e) => e.code === '1.001193');
      expect(khaiSinh?.source?.fees).toMatch(/Thông tư/);
    });

    it('updates by code and refuses a file with errors as a whole', async () => {
      const p = await createProcedure(t.app, admin);
      const exported = (await get('/procedures/export', admin)).json<{ code: string | null; name: string }[]>();
      const entry = exported.find((e) => e.code === p.code);
      expect(entry).toBeDefined();
      const res = await post('/procedures/import', admin, [{ ...entry, name: 'Tên nhập lại' }]);
      expect(res.json<{ updated: string[] }>().updated).toEqual([p.code]);
      const bad = await post('/procedures/import', admin, [
        { ...entry, name: 'Không được nhập' },
        { ...entry, agencyCodes: ['999.99.99.H99'] },
      ]);
      expect(bad.statusCode).toBe(422);
      expect((await get(`/procedures/${p.id}`, admin)).json<ProcedureView>().name).toBe('Tên nhập lại');
    });
  });
});
