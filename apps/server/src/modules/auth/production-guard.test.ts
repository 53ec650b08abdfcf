import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createAuthTestApp, createStaffUser, setUserStatus } from '../../test/factories/auth.js';
import type { TestApp } from '../../test/test-app.js';
import { assertNoDemoPasswords, DemoPasswordError } from './production-guard.js';

const DEMO = ['Demo@Saola-2025', 'QuanTri@Demo-44'];

describe('assertNoDemoPasswords', () => {
  let prod: TestApp;
  let dev: TestApp;
  beforeAll(async () => {
    prod = await createAuthTestApp({
      env: {
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('hex'),
        DATA_KEY: randomBytes(32).toString('hex'),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
      },
    });
    dev = await createAuthTestApp();
  });
  afterAll(async () => {
    await prod.close();
    await dev.close();
  });

  it('refuses to start in production while an active account keeps a demo password', async () => {
    const agencyId = await createAgency(prod.app);
    await createStaffUser(prod.app, { agencyId, username: 'an.toan', password: 'Rieng-Tu@2026x' });
    await expect(assertNoDemoPasswords(prod.app, DEMO)).resolves.toBeUndefined();

    const demo = await createStaffUser(prod.app, { agencyId, username: 'quantri.demo', password: DEMO[1] });
    const error = await assertNoDemoPasswords(prod.app, DEMO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoPasswordError);
    expect((error as DemoPasswordError).usernames).toEqual(['quantri.demo']);
    expect((error as Error).message).toContain('quantri.demo');

    // A locked account cannot sign in, so it does not block the start.
    await setUserStatus(prod.app, demo.id, 'locked');
    await expect(assertNoDemoPasswords(prod.app, DEMO)).resolves.toBeUndefined();
    await setUserStatus(prod.app, demo.id, 'active');
    await prod.app.auth.setPassword(demo.id, 'Mat-khau-That-2026', { mustChange: false });
    await expect(assertNoDemoPasswords(prod.app, DEMO)).resolves.toBeUndefined();
  });

  it('with the list of demo usernames, checks only those accounts', async () => {
    const agencyId = await createAgency(prod.app);
    await createStaffUser(prod.app, { agencyId, username: 'tu.dat.mat.khau', password: DEMO[0] });
    await expect(assertNoDemoPasswords(prod.app, DEMO, ['quantri.demo'])).resolves.toBeUndefined();
    await expect(assertNoDemoPasswords(prod.app, DEMO, ['tu.dat.mat.khau'])).rejects.toBeInstanceOf(DemoPasswordError);
  });

  it('does nothing outside production (the demo needs its passwords)', async () => {
    const agencyId = await createAgency(dev.app);
    await createStaffUser(dev.app, { agencyId, password: DEMO[0] });
    await expect(assertNoDemoPasswords(dev.app, DEMO)).resolves.toBeUndefined();
  });

  it('sets the Secure flag on session cookies in production', async () => {
    const agencyId = await createAgency(prod.app);
    const user = await createStaffUser(prod.app, { agencyId, roles: ['chuyen_vien'] });
    const res = await prod.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    for (const name of ['saola_session', 'saola_csrf'])
      expect(res.cookies.find((c) => c.name === name)?.secure).toBe(true);
  });
});
