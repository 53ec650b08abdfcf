import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { TEST_ENGINE } from '../../test/test-db.js';

describe('GET /api/v1/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('reports the engine it runs on and the version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: TEST_ENGINE,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers an unknown API route with a Vietnamese RFC 9457 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'route_not_found',
      detail: expect.stringContaining('Không có'),
    });
  });
});
