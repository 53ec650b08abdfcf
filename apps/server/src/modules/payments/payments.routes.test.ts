import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type Headers, session } from '../dossiers/dossiers.factories.js';
import { pdfText } from '../papers/papers.test-helpers.js';
import { counterDossier, paymentsWorld } from './payments.factories.js';

/** The officers' side: the fee of a dossier, by-case amounts, bank-transfer confirmation, receipts; authorization. */
describe('payments: officer API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof paymentsWorld>>;
  let officerA: Headers;
  let specialistA: Headers;
  let officerB: Headers;
  let fixedCode: string;
  let byCaseCode: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await paymentsWorld(t.app);
    officerA = await session(t.app, w.a.officer);
    specialistA = await session(t.app, w.a.specialist);
    officerB = await session(t.app, w.b.officer);
    fixedCode = await counterDossier(t.app, officerA, w.fixed, w.a.agency.id);
    byCaseCode = await counterDossier(t.app, officerA, w.byCase, w.a.agency.id);
  }, 120_000);
  afterAll(async () => t.close());

  const view = (headers: Headers, code: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/payments`, headers });
  const setFee = (headers: Headers, code: string, payload: object) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/dossiers/${code}/fee`, headers, payload });
  const confirm = (headers: Headers, code: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${code}/payments/confirm`, headers, payload });

  it('shows the fixed fee of the procedure as unpaid to the agency, 404 to another commune, 403/401 to others', async () => {
    const res = await view(specialistA, fixedCode);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ amountVnd: 10000, paidVnd: 0, status: 'unpaid', basis: 'fixed', payments: [] });
    expect((await view(officerB, fixedCode)).statusCode).toBe(404);
    expect((await view(officerA, 'KHONG-CO-HO-SO')).statusCode).toBe(404);
    const citizen = await signInCitizen(t.app);
    expect((await view(citizen.headers, fixedCode)).statusCode).toBe(403);
    expect((await view({}, fixedCode)).statusCode).toBe(401);
    expect(await t.app.payments.feeStatus(fixedCode)).toMatchObject({ amountVnd: 10000, status: 'unpaid' });
    expect(await t.app.payments.feeStatus('KHONG-CO')).toBeNull();
  });

  it('lets only the one-stop officer of the agency set a by-case fee, with optimistic locking', async () => {
    expect((await view(officerA, byCaseCode)).json()).toMatchObject({
      amountVnd: null,
      status: 'none',
      basis: 'to_set',
    });
    expect((await setFee(specialistA, byCaseCode, { amountVnd: 50000, version: 0 })).statusCode).toBe(403);
    expect((await setFee(officerB, byCaseCode, { amountVnd: 50000, version: 0 })).statusCode).toBe(404);
    expect((await setFee({}, byCaseCode, { amountVnd: 50000, version: 0 })).statusCode).toBe(401);

    const first = await setFee(officerA, byCaseCode, { amountVnd: 50000, version: 0, note: 'Hợp đồng 1 tỷ đồng' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ amountVnd: 50000, status: 'unpaid', basis: 'officer', feeVersion: 1 });
    // A second officer working from the same screen (version 0) loses.
    const stale = await setFee(officerA, byCaseCode, { amountVnd: 70000, version: 0 });
    expect(stale.statusCode).toBe(409);
    const second = await setFee(officerA, byCaseCode, { amountVnd: 60000, version: 1 });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ amountVnd: 60000, feeVersion: 2 });
  });

  it('refuses to set an amount for a procedure whose fee is fixed', async () => {
    const res = await setFee(officerA, fixedCode, { amountVnd: 1, version: 0 });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toMatch(/cố định/);
  });

  it('confirms a VietQR transfer once: one-stop officer only, amount must match, receipt PDF in Vietnamese', async () => {
    expect((await confirm(specialistA, fixedCode, { reference: 'FT26328001', amountVnd: 10000 })).statusCode).toBe(403);
    expect((await confirm(officerB, fixedCode, { reference: 'FT26328001', amountVnd: 10000 })).statusCode).toBe(404);
    const citizen = await signInCitizen(t.app);
    expect((await confirm(citizen.headers, fixedCode, { reference: 'FT26328001', amountVnd: 10000 })).statusCode).toBe(
      403,
    );
    expect((await confirm({}, fixedCode, { reference: 'FT26328001', amountVnd: 10000 })).statusCode).toBe(401);
    const wrong = await confirm(officerA, fixedCode, { reference: 'FT26328001', amountVnd: 9000 });
    expect(wrong.statusCode).toBe(422);
    expect(JSON.stringify(wrong.json())).toMatch(/10000 đồng/);

    const ok = await confirm(officerA, fixedCode, { reference: 'FT26328001', amountVnd: 10000 });
    expect(ok.statusCode, ok.body).toBe(201);
    const payment = ok.json<{ id: string; receiptNo: string; status: string; method: string }>();
    expect(payment).toMatchObject({ status: 'paid', method: 'bank_transfer' });
    expect(payment.receiptNo).toMatch(/^BL\d{4}-\d{6}$/);

    // Same transfer again: nothing left to pay (and the same reference could not be recorded twice).
    expect((await confirm(officerA, fixedCode, { reference: 'FT26328001', amountVnd: 10000 })).statusCode).toBe(409);
    const after = (await view(officerA, fixedCode)).json<{ status: string; paidVnd: number; payments: unknown[] }>();
    expect(after).toMatchObject({ status: 'paid', paidVnd: 10000 });
    expect(after.payments).toHaveLength(1);

    const receiptUrl = `/api/v1/dossiers/${fixedCode}/payments/${payment.id}/receipt`;
    const pdf = await t.app.inject({ method: 'GET', url: receiptUrl, headers: specialistA });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain(payment.receiptNo);
    expect(text).toContain(fixedCode);
    expect(text).toContain('Mười nghìn đồng');
    expect(text).toContain('Nguyễn Văn Đức');
    expect(text).toContain('FT26328001');
    expect((await t.app.inject({ method: 'GET', url: receiptUrl, headers: officerB })).statusCode).toBe(404);
  });

  it('records the fee decisions and payments in the audit log', async () => {
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', 'in', ['dossier.fee_set', 'payment.confirm_transfer'])
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual([
      'dossier.fee_set',
      'dossier.fee_set',
      'payment.confirm_transfer',
    ]);
  });

  it('does not change a by-case amount once something was paid', async () => {
    const ok = await confirm(officerA, byCaseCode, { reference: 'FT-BYCASE-1', amountVnd: 60000 });
    expect(ok.statusCode, ok.body).toBe(201);
    const res = await setFee(officerA, byCaseCode, { amountVnd: 80000, version: 2 });
    expect(res.statusCode).toBe(409);
  });
});
