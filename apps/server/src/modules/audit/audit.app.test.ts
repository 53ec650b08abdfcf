import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../http/request-context.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** The audit module inside the whole application (real auth hook, real org port). */
describe('audit module in the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('is decorated as app.audit and keeps a verifiable chain', async () => {
    const first = await t.app.audit.record(SYSTEM_ACTOR, {
      action: 'test.ping',
      entityType: 'test',
      entityId: null,
      agencyId: null,
    });
    const second = await t.app.audit.record(SYSTEM_ACTOR, {
      action: 'test.ping',
      entityType: 'test',
      entityId: null,
      agencyId: null,
    });
    expect(second.seq).toBe(first.seq + 1);
    expect(await t.app.audit.verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  it('serves nothing to anonymous callers', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/export.csv'],
      ['POST', '/api/v1/audit/verify'],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
