import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

/** Who may see and act on a dossier: agency scope, roles, anonymous callers. */
describe('dossiers: authorization', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let procedureCode: string;
  let code: string;
  let version: number;
  const h: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã An Thử');
    b = await createCommune(t.app, province.id, 'UBND xã Bình Thử');
    const adminH = await session(t.app, admin);
    procedureCode = (await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id], 3)).code;
    const clerk = await createUser(t.app, { agencyId: a.agency.id, roles: [{ roleCode: 'van_thu' }] });
    for (const [k, o] of Object.entries({
      officerA: a.officer,
      specialistA: a.specialist,
      leaderA: a.leader,
      officerB: b.officer,
      specialistB: b.specialist,
      clerkA: clerk,
    }))
      h[k] = await session(t.app, o);
    ({ code, version } = await receiveDossier(t.app, h.officerA!, receptionBody(procedureCode, a.agency.id)));
  }, 120_000);
  afterAll(async () => t.close());

  const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const post = (url: string, headers: Headers, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

  it('answers 401 to anonymous callers', async () => {
    const calls = [
      get('/dossiers'),
      get(`/dossiers/${code}`),
      get(`/dossiers/${code}/papers/01.pdf`),
      post('/dossiers', {}, receptionBody(procedureCode, a.agency.id)),
      post(`/dossiers/${code}/actions/forward`, {}, { version }),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode, res.body).toBe(401);
  });

  it('answers 403 to staff without any dossier permission', async () => {
    expect((await get('/dossiers', h.clerkA)).statusCode).toBe(403);
    expect((await get(`/dossiers/${code}`, h.clerkA)).statusCode).toBe(403);
    expect((await post('/dossiers', h.clerkA!, receptionBody(procedureCode, a.agency.id))).statusCode).toBe(403);
  });

  it('hides a commune’s dossier from the officers of another commune (404, absent from lists)', async () => {
    for (const who of ['officerB', 'specialistB'] as const) {
      expect((await get(`/dossiers/${code}`, h[who])).statusCode).toBe(404);
      expect((await get(`/dossiers/${code}/papers/01.pdf`, h[who])).statusCode).toBe(404);
      expect((await post(`/dossiers/${code}/actions/forward`, h[who]!, { version })).statusCode).toBe(404);
      const list = await get(`/dossiers?q=${encodeURIComponent(code)}`, h[who]);
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    }
    const own = await get(`/dossiers?q=${encodeURIComponent(code)}`, h.officerA);
    expect(own.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual([code]);
  });

  it('lets only the one-stop officer receive, and only for their own agency', async () => {
    expect((await post('/dossiers', h.specialistA!, receptionBody(procedureCode, a.agency.id))).statusCode).toBe(403);
    expect((await post('/dossiers', h.officerA!, receptionBody(procedureCode, b.agency.id))).statusCode).toBe(404);
    const unknown = await post('/dossiers', h.officerA!, receptionBody('1.999999', a.agency.id));
    expect(unknown.statusCode).toBe(422);
  });

  it('lets only the holder of the current step act (others of the agency get 403)', async () => {
    for (const who of ['specialistA', 'leaderA'] as const)
      expect((await post(`/dossiers/${code}/actions/forward`, h[who]!, { version })).statusCode).toBe(403);
    const ok = await post(`/dossiers/${code}/actions/forward`, h.officerA!, { version });
    expect(ok.statusCode, ok.body).toBe(200);
    // Now on the specialist's step: the one-stop officer may no longer forward it.
    const next = ok.json<{ version: number }>().version;
    expect((await post(`/dossiers/${code}/actions/forward`, h.officerA!, { version: next })).statusCode).toBe(403);
    expect(
      (await post(`/dossiers/${code}/actions/reject`, h.specialistA!, { version: next, reason: 'x' })).statusCode,
    ).toBe(403);
  });

  it('shows the scopes: mine (assigned to me) and department (my role’s queue)', async () => {
    const mine = await get('/dossiers?scope=mine', h.specialistA);
    expect(mine.json<{ items: unknown[] }>().items).toEqual([]);
    const queue = await get('/dossiers?scope=department', h.specialistA);
    expect(queue.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual([code]);
    const officerQueue = await get('/dossiers?scope=department', h.officerA);
    expect(officerQueue.json<{ items: unknown[] }>().items).toEqual([]);
  });
});
