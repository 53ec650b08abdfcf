import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test/factories/org.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { DEMO_PASSWORDS, seedOrgDemo } from './org.seed.js';
import { DEMO_COUNTERS, seedQueueDemo } from './queue.seed.js';

describe('queue demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedOrgDemo(t.app);
    await seedQueueDemo(t.app);
  }, 120_000);
  afterAll(async () => t.close());

  it('gives Phường Đồng Hới 4 counters, once, that its one-stop officer can serve', async () => {
    const agency = await t.app.org.findAgencyByCode('000.00.61.H50');
    await seedQueueDemo(t.app);
    const counters = await t.app.queue.service.repo.listCounters(agency!.id);
    expect(counters.map((c) => c.name)).toEqual(DEMO_COUNTERS.map((c) => c.name));
    const kiosk = await t.app.inject({ url: '/xep-hang/000.00.61.H50' });
    expect(kiosk.body).toContain('Hộ tịch');
    const session = await signIn(t.app, { username: 'motcua.donghoi', password: DEMO_PASSWORDS[0] ?? '' });
    const desk = await t.app.inject({ url: `/api/v1/queue/counters/${counters[0]!.id}/desk`, headers: { ...session } });
    expect(desk.statusCode).toBe(200);
  });
});
