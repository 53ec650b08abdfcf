import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { TEST_ENGINE, TEST_PG_URL } from '../../test/test-db.js';
import { PgListenBoardSignal } from './queue.events.js';
import { createCounter, createQueueAgency, staffSession, takeNumber } from './queue.factories.js';

// On PostgreSQL the app gets the URL, so the board follows LISTEN/NOTIFY; on PGlite it polls.
let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp(TEST_ENGINE === 'postgresql' ? { env: { DATABASE_URL: TEST_PG_URL } } : {});
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
});

/** Reads server-sent events from a real HTTP connection until `until` returns true. */
async function readEvents(
  url: string,
  until: (events: { event: string; data: string }[]) => boolean,
  onOpen: () => Promise<void>,
) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  let opened = false;
  const deadline = Date.now() + 15_000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data });
      }
      if (!opened && events.length > 0) {
        opened = true;
        await onOpen();
      }
      if (until(events)) break;
    }
  } finally {
    controller.abort();
  }
  return events;
}

describe('display board events', () => {
  it('streams the board on open and again when a number is called (no reload)', async () => {
    const agency = await createQueueAgency(t.app);
    const counter = await createCounter(t.app, agency.id, { code: '7', name: 'Quầy 7', fields: ['Hộ tịch'] });
    const officer = await staffSession(t.app, agency.id, ['can_bo_mot_cua']);
    await takeNumber(t.app, agency.code, 'A');
    const events = await readEvents(
      `${base}/api/v1/public/queue/${agency.code}/events`,
      (evs) => evs.some((e) => JSON.parse(e.data).recent.length > 0),
      async () => {
        if (t.app.queue.signal instanceof PgListenBoardSignal) await t.app.queue.signal.ready();
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/queue/counters/${counter.id}/call-next`,
          headers: { ...officer },
        });
        expect(res.statusCode).toBe(200);
      },
    );
    expect(events[0]!.event).toBe('board');
    const first = JSON.parse(events[0]!.data);
    expect(first.counters[0].current).toBeNull();
    expect(first.waiting[0]).toMatchObject({ prefix: 'A', count: 1 });
    const last = JSON.parse(events.at(-1)!.data);
    expect(last.counters[0].current).toMatchObject({ number: 'A001', counterName: 'Quầy 7' });
    expect(last.recent[0]).toMatchObject({ number: 'A001' });
    expect(last.version).toBeGreaterThan(first.version);
  });

  it('wakes on a change written by another connection (another app node)', async () => {
    const agency = await createQueueAgency(t.app);
    const fired = new Promise<void>((resolve) => {
      const off = t.app.queue.signal.subscribe(agency.id, () => {
        off();
        resolve();
      });
    });
    if (t.app.queue.signal instanceof PgListenBoardSignal) await t.app.queue.signal.ready();
    // Written straight in SQL, as another node's repository would: version bump (+ NOTIFY on PostgreSQL).
    await t.app.database.db.transaction().execute(async (trx) => {
      await sql`insert into queue_board_versions (agency_id, version) values (${agency.id}, 5)
        on conflict (agency_id) do update set version = queue_board_versions.version + 1`.execute(trx);
      if (TEST_ENGINE === 'postgresql') await sql`select pg_notify('saola_queue', ${agency.id})`.execute(trx);
    });
    await expect(
      Promise.race([fired.then(() => 'fired'), new Promise((r) => setTimeout(() => r('timeout'), 8000))]),
    ).resolves.toBe('fired');
  });

  it('serves the board page with a no-script refresh, the script as a file, and 404 for unknown agencies', async () => {
    const agency = await createQueueAgency(t.app);
    await createCounter(t.app, agency.id, { code: '1', fields: ['Hộ tịch'] });
    const page = await t.app.inject({ url: `/xep-hang/${agency.code}/bang` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<noscript><meta\s+http-equiv="refresh"\s+content="10"\s*\/><\/noscript>/);
    expect(page.body).toMatch(/<script src="\/assets\/queue-board\.js\?v=[0-9a-f]{12}" defer><\/script>/);
    expect(page.body).not.toMatch(/<script>/);
    expect(page.body).toContain(`data-events="/api/v1/public/queue/${agency.code}/events"`);
    const js = await t.app.inject({ url: '/assets/queue-board.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('speechSynthesis');
    expect((await t.app.inject({ url: '/api/v1/public/queue/000.00.98.X98/events' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/xep-hang/000.00.98.X98/bang' })).statusCode).toBe(404);
  });
});
