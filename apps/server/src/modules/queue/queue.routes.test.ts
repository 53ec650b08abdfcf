import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createCounter, createQueueAgency, staffSession, takeNumber } from './queue.factories.js';

let t: TestApp;
const at = (local: string) => new Date(`${local}+07:00`);

beforeAll(async () => {
  t = await createTestApp({ now: at('2026-11-24T08:00:00') });
});
afterAll(async () => {
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, session?: Session, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(session ?? {}) }, ...(payload ? { payload } : {}) });

describe('counters and fields (queue.manage)', () => {
  it('an administrator sets the fields and manages counters; others may not', async () => {
    const agency = await createQueueAgency(t.app, { fields: [] });
    const other = await createQueueAgency(t.app, { fields: [] });
    const admin = await staffSession(t.app, agency.id, ['quan_tri']);
    const officer = await staffSession(t.app, agency.id, ['can_bo_mot_cua']);
    const otherAdmin = await staffSession(t.app, other.id, ['quan_tri']);

    const bad = await api('PUT', `/queue/agencies/${agency.id}/fields`, admin, {
      fields: [
        { field: 'Hộ tịch', prefix: 'A' },
        { field: 'Chứng thực', prefix: 'A' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].message).toContain('Chữ cái A đã dùng');

    const fields = {
      fields: [
        { field: 'Hộ tịch', prefix: 'A' },
        { field: 'Chứng thực', prefix: 'B' },
      ],
    };
    expect((await api('PUT', `/queue/agencies/${agency.id}/fields`, officer, fields)).statusCode).toBe(403);
    expect((await api('PUT', `/queue/agencies/${agency.id}/fields`, otherAdmin, fields)).statusCode).toBe(404);
    expect((await api('PUT', `/queue/agencies/${agency.id}/fields`, undefined, fields)).statusCode).toBe(403);
    const ok = await api('PUT', `/queue/agencies/${agency.id}/fields`, admin, fields);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().fields).toEqual(fields.fields);

    const body = { code: '1', name: 'Quầy 1', fields: ['Hộ tịch'] };
    expect((await api('POST', `/queue/agencies/${agency.id}/counters`, officer, body)).statusCode).toBe(403);
    expect((await api('POST', `/queue/agencies/${agency.id}/counters`, otherAdmin, body)).statusCode).toBe(404);
    const unknownField = await api('POST', `/queue/agencies/${agency.id}/counters`, admin, {
      ...body,
      fields: ['Xây dựng'],
    });
    expect(unknownField.statusCode).toBe(422);
    expect(unknownField.json().errors[0].field).toBe('/fields/0');
    const created = await api('POST', `/queue/agencies/${agency.id}/counters`, admin, body);
    expect(created.statusCode).toBe(201);
    const counter = created.json();
    expect(counter).toMatchObject({ code: '1', name: 'Quầy 1', fields: ['Hộ tịch'], active: true, version: 1 });
    expect((await api('POST', `/queue/agencies/${agency.id}/counters`, admin, body)).statusCode).toBe(409);

    // Officers of the agency see the setup (to choose their counter); another commune's do not.
    expect((await api('GET', `/queue/agencies/${agency.id}/setup`, officer)).json().counters).toHaveLength(1);
    expect((await api('GET', `/queue/agencies/${agency.id}/setup`, otherAdmin)).statusCode).toBe(404);

    const update = { ...body, name: 'Quầy Hộ tịch', fields: ['Hộ tịch', 'Chứng thực'], active: true };
    expect((await api('PUT', `/queue/counters/${counter.id}`, otherAdmin, { ...update, version: 1 })).statusCode).toBe(
      404,
    );
    expect((await api('PUT', `/queue/counters/${counter.id}`, officer, { ...update, version: 1 })).statusCode).toBe(
      403,
    );
    const updated = await api('PUT', `/queue/counters/${counter.id}`, admin, { ...update, version: 1 });
    expect(updated.json()).toMatchObject({ name: 'Quầy Hộ tịch', version: 2 });
    expect((await api('PUT', `/queue/counters/${counter.id}`, admin, { ...update, version: 1 })).statusCode).toBe(409);

    // A field still served by a counter cannot be dropped.
    const drop = await api('PUT', `/queue/agencies/${agency.id}/fields`, admin, {
      fields: [{ field: 'Hộ tịch', prefix: 'A' }],
    });
    expect(drop.statusCode).toBe(409);

    expect((await api('DELETE', `/queue/counters/${counter.id}?version=2`, otherAdmin)).statusCode).toBe(404);
    expect((await api('DELETE', `/queue/counters/${counter.id}?version=2`, admin)).statusCode).toBe(204);
    expect((await api('GET', `/queue/agencies/${agency.id}/setup`, admin)).json().counters).toEqual([]);

    const audit = await t.app.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('agency_id', '=', agency.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'queue.fields_replace',
        'queue.counter_create',
        'queue.counter_update',
        'queue.counter_delete',
      ]),
    );
  });
});

describe('kiosk', () => {
  it('lists the served fields, hands out numbers per field and shows the printable ticket', async () => {
    const agency = await createQueueAgency(t.app, {
      fields: [
        { field: 'Hộ tịch', prefix: 'A' },
        { field: 'Chứng thực <b>', prefix: 'B' },
        { field: 'Không có quầy', prefix: 'C' },
      ],
    });
    await createCounter(t.app, agency.id, { code: '1', fields: ['Hộ tịch', 'Chứng thực <b>'] });
    const page = await t.app.inject({ url: `/xep-hang/${agency.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('Lấy số thứ tự');
    expect(page.body).toContain('Chứng thực &lt;b&gt;');
    expect(page.body).not.toContain('Chứng thực <b>');
    expect(page.body).not.toContain('Không có quầy');

    const first = await takeNumber(t.app, agency.code, 'A');
    const second = await takeNumber(t.app, agency.code, 'A');
    const b = await takeNumber(t.app, agency.code, 'B');
    const ticket = await t.app.inject({ url: second.location });
    expect(ticket.statusCode).toBe(200);
    expect(ticket.body).toContain('A002');
    expect(ticket.body).toMatch(/Số người chờ trước bạn<\/dt>\s*<dd>1<\/dd>/);
    expect(ticket.body).toContain('24/11/2026');
    expect((await t.app.inject({ url: first.location })).body).toMatch(/trước bạn<\/dt>\s*<dd>0<\/dd>/);
    expect((await t.app.inject({ url: b.location })).body).toContain('B001');

    // A field without an active counter, or no field at all: the kiosk page again, with the reason.
    const refused = await t.app.inject({
      method: 'POST',
      url: `/xep-hang/${agency.code}`,
      payload: 'field=C',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('không nhận số thứ tự');
    expect((await t.app.inject({ url: `/xep-hang/000.00.99.X99` })).statusCode).toBe(404);
    // A ticket of another agency is not shown under this one.
    const other = await createQueueAgency(t.app);
    expect((await t.app.inject({ url: `/xep-hang/${other.code}/phieu/${first.id}` })).statusCode).toBe(404);
  });

  it('gives concurrent kiosks distinct consecutive numbers, restarting each local day', async () => {
    const agency = await createQueueAgency(t.app);
    await createCounter(t.app, agency.id, { code: '1', fields: ['Hộ tịch'] });
    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, i) => takeNumber(t.app, agency.code, 'A', `10.1.0.${i + 1}`)),
    );
    const rows = await t.app.database.db
      .selectFrom('queue_tickets')
      .select('number')
      .where(
        'id',
        'in',
        taken.map((x) => x.id),
      )
      .execute();
    expect(rows.map((r) => r.number).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`),
    );
    t.setNow(at('2026-11-25T07:30:00'));
    try {
      const next = await takeNumber(t.app, agency.code, 'A');
      const row = await t.app.queue.service.repo.findTicket(next.id);
      expect(row?.number).toBe('A001');
    } finally {
      t.setNow(at('2026-11-24T08:00:00'));
    }
  });

  it('limits how fast one address takes numbers', async () => {
    const agency = await createQueueAgency(t.app);
    await createCounter(t.app, agency.id, { code: '1', fields: ['Hộ tịch'] });
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/xep-hang/${agency.code}`,
        payload: 'field=A',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: '10.9.9.9',
      });
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await post()).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 303)).toBe(true);
    expect(codes[30]).toBe(429);
  });
});
