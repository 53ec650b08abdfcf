import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import { type AuditTestApp, actor, as, createAuditTestApp, entry, staff, tamper } from '../../test/factories/audit.js';

/**
 * Authorization matrix of /api/v1/audit: who may read which rows, export and verify.
 * P is the province (root agency), A and B are communes under it.
 */
describe('audit routes', () => {
  let t: AuditTestApp;
  let officerA: Principal; // audit.read in commune A only
  let officerB: Principal;
  let communeAdminA: Principal; // audit.read + verify given in A, including subordinates
  let provincialAdmin: Principal; // audit.read + verify given in P, reaching P, A, B
  let clerkA: Principal; // no audit permission

  beforeAll(async () => {
    t = await createAuditTestApp();
    const { province, communeA, communeB } = t.world;
    officerA = staff([{ agencyId: communeA, permissions: ['audit.read'] }]);
    officerB = staff([{ agencyId: communeB, permissions: ['audit.read'] }]);
    communeAdminA = staff([{ agencyId: communeA, reaches: [communeA], permissions: ['audit.read', 'audit.verify'] }]);
    provincialAdmin = staff([
      { agencyId: province, reaches: [province, communeA, communeB], permissions: ['audit.read', 'audit.verify'] },
    ]);
    clerkA = staff([{ agencyId: communeA, permissions: ['users.read'] }]);

    const rec = (agencyId: string | null, e: Partial<Parameters<typeof entry>[0]> = {}) =>
      t.app.audit.record(actor(), entry({ agencyId, ...e }));
    await rec(communeA, { action: 'user.create', after: { fullName: 'Lê Văn Xã A' } });
    await rec(communeB, { action: 'user.create', after: { fullName: 'Phạm Thị Xã B' } });
    await rec(null, { action: 'auth.login_failed', entityType: 'session', note: 'sai mật khẩu' });
    await rec(province, { action: 'agency.update' });
    await rec(communeA, { action: 'user.lock', note: '=HYPERLINK("http://x")' });
    await rec(communeA, { action: 'user.unlock' });
  });
  afterAll(async () => t.close());

  const list = async (who: Principal | null, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: as(who) });
  const agenciesOf = (body: { items: { agencyId: string | null }[] }) => new Set(body.items.map((i) => i.agencyId));

  describe('GET /audit', () => {
    it('asks anonymous callers to sign in and refuses callers without audit.read', async () => {
      expect((await list(null)).statusCode).toBe(401);
      const res = await list(clerkA);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
      expect(
        (await list(staff([{ agencyId: t.world.communeA, permissions: ['audit.read'] }], { mustChangePassword: true })))
          .statusCode,
      ).toBe(403);
      expect((await list({ kind: 'citizen', citizenId: 'c1', fullName: 'Dân', sessionId: 's' })).statusCode).toBe(403);
    });

    it("shows an officer of commune A only commune A's rows", async () => {
      const res = await list(officerA);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { action: string; agencyId: string | null }[] }>();
      expect(body.items.map((i) => i.action)).toEqual(['user.unlock', 'user.lock', 'user.create']);
      expect(agenciesOf(body)).toEqual(new Set([t.world.communeA]));
      expect(JSON.stringify(body)).not.toContain('Xã B');
    });

    it("answers 404 when commune A's officer filters by commune B", async () => {
      const res = await list(officerA, `?agencyId=${t.world.communeB}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
      expect((await list(officerB, `?agencyId=${t.world.communeB}`)).json().items).toHaveLength(1);
    });

    it('shows system-wide rows only to holders of audit.read in the root agency', async () => {
      const admin = (await list(provincialAdmin)).json();
      expect(admin.items).toHaveLength(6);
      expect(agenciesOf(admin)).toEqual(new Set([t.world.communeA, t.world.communeB, t.world.province, null]));
      const communeAdmin = (await list(communeAdminA)).json();
      expect(agenciesOf(communeAdmin)).toEqual(new Set([t.world.communeA]));
    });

    it('returns the agreed fields, never the chain internals', async () => {
      const item = (await list(officerA, '?action=user.create')).json().items[0];
      expect(Object.keys(item).sort()).toEqual(
        [
          'action',
          'actorId',
          'actorKind',
          'actorName',
          'after',
          'agencyId',
          'at',
          'before',
          'entityId',
          'entityType',
          'hash',
          'id',
          'ip',
          'note',
          'seq',
          'userAgent',
        ].sort(),
      );
      expect(item).toMatchObject({
        action: 'user.create',
        after: { fullName: 'Lê Văn Xã A' },
        ip: '10.0.0.1',
        actorKind: 'staff',
      });
    });

    it('pages with a cursor without repeating or skipping rows', async () => {
      const first = (await list(provincialAdmin, '?limit=4')).json();
      expect(first.items).toHaveLength(4);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await list(provincialAdmin, `?limit=4&cursor=${first.nextCursor}`)).json();
      expect(second.nextCursor).toBeNull();
      const seqs = [...first.items, ...second.items].map((i: { seq: number }) => i.seq);
      expect(seqs).toEqual([6, 5, 4, 3, 2, 1]);
      expect((await list(provincialAdmin, '?cursor=rác')).statusCode).toBe(400);
    });

    it('filters by action prefix, entity, actor and time', async () => {
      expect((await list(provincialAdmin, '?action=user.*')).json().items).toHaveLength(4);
      expect((await list(provincialAdmin, '?entityType=session')).json().items).toHaveLength(1);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await list(provincialAdmin, `?from=${encodeURIComponent(future)}`)).json().items).toHaveLength(0);
      expect((await list(provincialAdmin, `?to=${encodeURIComponent(future)}`)).json().items).toHaveLength(6);
      const one = (await list(provincialAdmin, '?limit=1')).json().items[0];
      expect((await list(provincialAdmin, `?actorId=${one.actorId}`)).json().items).toEqual([one]);
      const bad = await list(provincialAdmin, '?agencyId=khong-phai-uuid');
      expect(bad.statusCode).toBe(422);
    });
  });

  describe('GET /audit/export.csv', () => {
    const exportCsv = (who: Principal | null, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/v1/audit/export.csv${query}`, headers: as(who) });

    it('writes UTF-8 with a BOM, Vietnamese headers, only the caller’s rows, formulas neutralised', async () => {
      const res = await exportCsv(officerA);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="nhat-ky-he-thong-\d{8}\.csv"$/);
      expect(res.headers['saola-export-truncated']).toBe('false');
      const raw = res.rawPayload;
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = raw.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^Số thứ tự,Thời điểm,Loại tác nhân,/);
      expect(lines).toHaveLength(4); // header + 3 rows of commune A
      expect(res.body).toContain('"{""fullName"":""Lê Văn Xã A""}"');
      expect(res.body).not.toContain('Xã B');
      expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(lines[1]).toMatch(/^6,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00,staff,/);
    });

    it('has the same authorization as the list', async () => {
      expect((await exportCsv(null)).statusCode).toBe(401);
      expect((await exportCsv(clerkA)).statusCode).toBe(403);
      expect((await exportCsv(officerA, `?agencyId=${t.world.communeB}`)).statusCode).toBe(404);
    });

    it('is itself written to the audit log', async () => {
      await exportCsv(officerA, '?action=user.*');
      const rows = (await list(provincialAdmin, '?action=audit.export')).json().items;
      expect(rows[0]).toMatchObject({
        actorKind: 'staff',
        agencyId: null,
        after: { filter: { action: 'user.*' }, truncated: false },
      });
    });
  });

  describe('POST /audit/verify', () => {
    const verify = (who: Principal | null) =>
      t.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: as(who) });

    it('needs audit.verify', async () => {
      expect((await verify(null)).statusCode).toBe(401);
      expect((await verify(officerA)).statusCode).toBe(403);
    });

    it('reports an intact chain, then exactly the row that was edited behind its back', async () => {
      const ok = await verify(communeAdminA);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ ok: true, checked: expect.any(Number), firstBroken: null });

      const victim = (await list(officerB)).json().items[0];
      await tamper(t.database, `update audit_log set after = '{"fullName":"Đã bị sửa"}' where id = '${victim.id}'`);
      const res = await verify(provincialAdmin);
      const place = await t.database.db
        .selectFrom('audit_log')
        .select(['chain_key', 'chain_pos'])
        .where('id', '=', victim.id)
        .executeTakeFirstOrThrow();
      expect(res.json()).toEqual({
        ok: false,
        // Chains are walked one after the other (ADR 0007): rows of other chains may come first.
        checked: expect.any(Number),
        firstBroken: {
          seq: victim.seq,
          chain: place.chain_key,
          chainSeq: Number(place.chain_pos),
          id: victim.id,
          at: victim.at,
          reason: 'hash_mismatch',
          detail: expect.any(String),
        },
      });
    });
  });
});
