import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createCounter, createQueueAgency, staffSession, takeNumber } from './queue.factories.js';
import type { StatsRow } from './queue.repository.js';
import type { BoardView, DeskView, TicketView } from './queue.views.js';

let t: TestApp;
const at = (local: string) => new Date(`${local}+07:00`);

beforeAll(async () => {
  t = await createTestApp({ now: at('2026-11-24T08:00:00') });
});
afterAll(async () => {
  await t?.close();
});

const api = (method: 'GET' | 'POST', url: string, session?: Session, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(session ?? {}) }, ...(payload ? { payload } : {}) });

async function setup() {
  const agency = await createQueueAgency(t.app);
  const c1 = await createCounter(t.app, agency.id, { code: '1', fields: ['Hộ tịch'] });
  const c2 = await createCounter(t.app, agency.id, { code: '2', fields: ['Chứng thực'] });
  const officer = await staffSession(t.app, agency.id, ['can_bo_mot_cua']);
  return { agency, c1, c2, officer };
}

describe('the officer at the counter (queue.serve)', () => {
  it('calls next, recalls, serves and finishes; the board follows', async () => {
    const { agency, c1, officer } = await setup();
    const empty = await api('POST', `/queue/counters/${c1.id}/call-next`, officer);
    expect(empty.json()).toEqual({ ticket: null });

    t.setNow(at('2026-11-24T08:00:00'));
    await takeNumber(t.app, agency.code, 'A');
    await takeNumber(t.app, agency.code, 'B');
    t.setNow(at('2026-11-24T08:01:00'));
    await takeNumber(t.app, agency.code, 'A');

    const desk = (await api('GET', `/queue/counters/${c1.id}/desk`, officer)).json<DeskView>();
    expect(desk.current).toBeNull();
    expect(desk.fields.find((f) => f.prefix === 'A')).toMatchObject({ mine: true });
    expect(desk.fields.find((f) => f.prefix === 'A')?.waiting.map((x) => x.number)).toEqual(['A001', 'A002']);

    t.setNow(at('2026-11-24T08:05:00'));
    const called = await api('POST', `/queue/counters/${c1.id}/call-next`, officer);
    expect(called.statusCode).toBe(200);
    const ticket = called.json().ticket;
    expect(ticket).toMatchObject({ number: 'A001', status: 'called', counterName: 'Quầy 1', callCount: 1 });

    const busy = await api('POST', `/queue/counters/${c1.id}/call-next`, officer);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().detail).toContain('Quầy đang phục vụ số A001');

    const board = (await api('GET', `/public/queue/${agency.code}/board`)).json<BoardView>();
    expect(board.counters.find((c) => c.code === '1')?.current).toMatchObject({ number: 'A001' });
    expect(board.recent[0]).toMatchObject({ number: 'A001', counterName: 'Quầy 1' });
    expect(board.waiting).toEqual([
      { field: 'Hộ tịch', prefix: 'A', count: 1 },
      { field: 'Chứng thực', prefix: 'B', count: 1 },
    ]);

    const recalled = await api('POST', `/queue/tickets/${ticket.id}/recall`, officer, { version: ticket.version });
    expect(recalled.json()).toMatchObject({ callCount: 2, status: 'called' });
    expect(
      (await api('POST', `/queue/tickets/${ticket.id}/recall`, officer, { version: ticket.version })).statusCode,
    ).toBe(409);
    const boardAfter = (await api('GET', `/public/queue/${agency.code}/board`)).json<BoardView>();
    expect(boardAfter.recent[0]?.callId).not.toBe(board.recent[0]?.callId);
    expect(boardAfter.version).toBeGreaterThan(board.version);

    t.setNow(at('2026-11-24T08:06:00'));
    const serving = await api('POST', `/queue/tickets/${ticket.id}/start`, officer, {
      version: recalled.json().version,
    });
    expect(serving.json()).toMatchObject({ status: 'serving' });
    expect(
      (await api('POST', `/queue/tickets/${ticket.id}/skip`, officer, { version: serving.json().version })).statusCode,
    ).toBe(409);
    t.setNow(at('2026-11-24T08:16:00'));
    const done = await api('POST', `/queue/tickets/${ticket.id}/done`, officer, { version: serving.json().version });
    expect(done.json()).toMatchObject({ status: 'done', servingStartedAt: at('2026-11-24T08:06:00').toISOString() });

    // Next: A002 (counter 1 serves only Hộ tịch), then the citizen is absent → skipped.
    const next = (await api('POST', `/queue/counters/${c1.id}/call-next`, officer)).json().ticket;
    expect(next.number).toBe('A002');
    const skipped = await api('POST', `/queue/tickets/${next.id}/skip`, officer, { version: next.version });
    expect(skipped.json()).toMatchObject({ status: 'skipped' });
    expect((await api('POST', `/queue/counters/${c1.id}/call-next`, officer)).json().ticket).toBeNull();

    // The absent citizen comes back: the skipped number is called again at the same counter.
    const deskSkipped = (await api('GET', `/queue/counters/${c1.id}/desk`, officer)).json<DeskView>();
    expect(deskSkipped.skipped.map((x) => x.number)).toEqual(['A002']);
    const back = await api('POST', `/queue/tickets/${next.id}/recall`, officer, { version: skipped.json().version });
    expect(back.json()).toMatchObject({ number: 'A002', status: 'called', callCount: 2, finishedAt: null });
    expect((await api('GET', `/queue/counters/${c1.id}/desk`, officer)).json<DeskView>().current?.number).toBe('A002');
  });

  it('transfers a ticket to another counter, where it is called first', async () => {
    const { agency, c1, c2, officer } = await setup();
    await takeNumber(t.app, agency.code, 'B');
    await takeNumber(t.app, agency.code, 'A');
    const a = (await api('POST', `/queue/counters/${c1.id}/call-next`, officer)).json().ticket;
    expect(a.number).toBe('A001');
    const badTarget = await api('POST', `/queue/tickets/${a.id}/transfer`, officer, {
      version: a.version,
      counterId: c1.id,
    });
    expect(badTarget.statusCode).toBe(422);
    const moved = await api('POST', `/queue/tickets/${a.id}/transfer`, officer, {
      version: a.version,
      counterId: c2.id,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      number: 'A001',
      status: 'waiting',
      targetCounterId: c2.id,
      transferredFromId: a.id,
    });
    expect((await t.app.queue.service.repo.findTicket(a.id))?.status).toBe('transferred');
    // Counter 1 is free again; counter 2 gets the transferred A001 before its own B001.
    expect((await api('GET', `/queue/counters/${c2.id}/desk`, officer)).json().forMe).toHaveLength(1);
    const atTwo = (await api('POST', `/queue/counters/${c2.id}/call-next`, officer)).json().ticket;
    expect(atTwo).toMatchObject({ number: 'A001', counterName: 'Quầy 2' });
    // Transfer to a field: waits for any counter serving it.
    const toField = await api('POST', `/queue/tickets/${atTwo.id}/transfer`, officer, {
      version: atTwo.version,
      field: 'Chứng thực',
    });
    expect(toField.json()).toMatchObject({ field: 'Chứng thực', targetCounterId: null });
    const unknown = await api('POST', `/queue/tickets/${toField.json().id}/transfer`, officer, {
      version: 1,
      field: 'X',
    });
    expect(unknown.statusCode).toBe(409); // still waiting: nothing to transfer
  });

  it('two counters calling at once never get the same ticket', async () => {
    const agency = await createQueueAgency(t.app);
    const counters = await Promise.all(
      ['1', '2', '3', '4'].map((code) => createCounter(t.app, agency.id, { code, fields: ['Hộ tịch'] })),
    );
    const officer = await staffSession(t.app, agency.id, ['can_bo_mot_cua']);
    for (let i = 0; i < 4; i++) await takeNumber(t.app, agency.code, 'A', `10.2.0.${i}`);
    const calls = await Promise.all(counters.map((c) => api('POST', `/queue/counters/${c.id}/call-next`, officer)));
    const numbers = calls.map((r) => r.json<{ ticket: TicketView | null }>().ticket?.number).sort();
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004']);
  });

  it('refuses officers of another commune (404), other roles (403) and anonymous callers', async () => {
    const { agency, c1 } = await setup();
    const stranger = await createQueueAgency(t.app);
    const otherOfficer = await staffSession(t.app, stranger.id, ['can_bo_mot_cua']);
    const clerk = await staffSession(t.app, agency.id, ['van_thu']);
    const officer = await staffSession(t.app, agency.id, ['can_bo_mot_cua']);
    await takeNumber(t.app, agency.code, 'A');
    expect((await api('GET', `/queue/counters/${c1.id}/desk`, otherOfficer)).statusCode).toBe(404);
    expect((await api('POST', `/queue/counters/${c1.id}/call-next`, otherOfficer)).statusCode).toBe(404);
    expect((await api('POST', `/queue/counters/${c1.id}/call-next`, clerk)).statusCode).toBe(403);
    expect((await api('POST', `/queue/counters/${c1.id}/call-next`)).statusCode).toBe(403);
    const ticket = (await api('POST', `/queue/counters/${c1.id}/call-next`, officer)).json().ticket;
    for (const action of ['recall', 'start', 'skip', 'done']) {
      expect(
        (await api('POST', `/queue/tickets/${ticket.id}/${action}`, otherOfficer, { version: ticket.version }))
          .statusCode,
      ).toBe(404);
      expect(
        (await api('POST', `/queue/tickets/${ticket.id}/${action}`, clerk, { version: ticket.version })).statusCode,
      ).toBe(403);
    }
    expect(
      (
        await api('POST', `/queue/tickets/${ticket.id}/transfer`, otherOfficer, {
          version: ticket.version,
          field: 'Chứng thực',
        })
      ).statusCode,
    ).toBe(404);
    // Nothing changed for the real officer.
    expect(await t.app.queue.service.repo.findTicket(ticket.id)).toMatchObject({
      status: 'called',
      version: ticket.version,
    });
  });
});

describe('statistics', () => {
  it('gives waiting and serving times per day and field', async () => {
    t.setNow(at('2026-11-24T09:00:00'));
    const { agency, c1, officer } = await setup();
    const admin = await staffSession(t.app, agency.id, ['quan_tri']);
    const otherAdmin = await staffSession(t.app, (await createQueueAgency(t.app)).id, ['quan_tri']);
    // Ten A tickets taken at 09:00; called at 09:01…09:10 (waits 60…600 s), each served for 30 s.
    t.setNow(at('2026-11-24T09:00:00'));
    for (let i = 0; i < 10; i++) await takeNumber(t.app, agency.code, 'A', `10.3.0.${i}`);
    const base = at('2026-11-24T09:00:00').getTime();
    for (let i = 1; i <= 10; i++) {
      t.setNow(new Date(base + i * 60_000));
      const called = await api('POST', `/queue/counters/${c1.id}/call-next`, officer);
      const tk = called.json().ticket;
      if (!tk) throw new Error(`call-next ${i}: ${called.statusCode} ${called.body}`);
      if (i === 10) {
        // The last citizen is absent: skipped, counted, no serving time.
        await api('POST', `/queue/tickets/${tk.id}/skip`, officer, { version: tk.version });
        continue;
      }
      const s = (await api('POST', `/queue/tickets/${tk.id}/start`, officer, { version: tk.version })).json();
      t.setNow(new Date(base + i * 60_000 + 30_000));
      await api('POST', `/queue/tickets/${s.id}/done`, officer, { version: s.version });
    }
    t.setNow(at('2026-11-24T09:30:00'));
    await takeNumber(t.app, agency.code, 'B');
    const url = `/queue/stats?agencyId=${agency.id}&from=2026-11-24&to=2026-11-24`;
    expect((await api('GET', url, officer)).statusCode).toBe(403);
    expect((await api('GET', url, otherAdmin)).statusCode).toBe(404);
    const res = await api('GET', url, admin);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: StatsRow[] }>().items;
    const a = items.find((x) => x.field === 'Hộ tịch');
    expect(a).toMatchObject({ day: '2026-11-24', tickets: 10, served: 9, skipped: 1, waiting: 0 });
    expect(a?.avgWaitSeconds).toBe(330); // mean of 60…600
    expect(a?.p90WaitSeconds).toBe(546); // percentile_cont(0.9) of 60…600
    expect(a?.avgServeSeconds).toBe(30);
    expect(items.find((x) => x.field === 'Chứng thực')).toMatchObject({
      tickets: 1,
      waiting: 1,
      served: 0,
      avgWaitSeconds: null,
    });
    const bad = await api('GET', `/queue/stats?agencyId=${agency.id}&from=2026-11-25&to=2026-11-24`, admin);
    expect(bad.statusCode).toBe(422);
  });
});
