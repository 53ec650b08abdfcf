import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { actOn, dossierDetail, type Headers, session } from '../dossiers/dossiers.factories.js';
import {
  gatewayResult,
  onlineDossier,
  paymentsWorld,
  postPayForm,
  sendIpn,
  startPayment,
} from '../payments/payments.factories.js';
import type { FeeStatus } from '../payments/payments.port.js';
import { createProcedure } from '../procedures/procedures.factories.js';
import { nextStep } from './eservices.views.js';
import { feeSection } from './fee.views.js';

/** The page's text: tags removed (inline ones without a space), entities decoded, white space collapsed. */
function textOf(body: string): string {
  return body
    .replace(/<\/?(a|strong|span)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
const leadOf = (body: string) => textOf(/<p class="lead">([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '');
/** The text of the "Phí, lệ phí" section: from its heading to the next h2. */
const feeTextOf = (body: string) => textOf(/<h2 id="phi-le-phi">([\s\S]*?)(?=<h2|$)/.exec(body)?.[0] ?? '');
/** The links of the page as [text, href]. */
const linksOf = (body: string) =>
  [...body.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [textOf(m[2] ?? ''), m[1] ?? '']);
/** The list row of one dossier on "Hồ sơ của tôi". */
const rowOf = (body: string, code: string) =>
  textOf([...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].find((m) => m[1]?.includes(`>${code}<`))?.[1] ?? '');

/** "Hồ sơ của tôi" tells the citizen about the fee of each dossier and leads to the pay page (issue 4 §1 Fees). */
describe('eservices: the fee on "Hồ sơ của tôi"', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof paymentsWorld>>;
  let citizen: CitizenSession;
  let other: CitizenSession;
  let officer: Headers;
  let freeProcedure: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await paymentsWorld(t.app);
    citizen = await signInCitizen(t.app);
    other = await signInCitizen(t.app);
    officer = await session(t.app, w.a.officer);
    freeProcedure = (
      await createProcedure(
        t.app,
        w.adminH,
        { name: 'Cấp bản sao trích lục thử nghiệm', agencyIds: [w.a.agency.id], fees: [] },
        { publish: true },
      )
    ).code;
  }, 120_000);
  afterAll(async () => t.close());

  const get = (url: string, who: CitizenSession = citizen) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const mine = async (code: string) => {
    const res = await get(`/ho-so-cua-toi/${code}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  const payLink = (code: string) => ['Nộp phí, lệ phí', `/ho-so-cua-toi/${code}/thanh-toan`];

  it('a free procedure: "Không thu phí, lệ phí", no way to pay, nothing to do, no tag in the list', async () => {
    const code = await onlineDossier(t.app, citizen, freeProcedure, w.a.agency.id);
    const body = await mine(code);
    expect(feeTextOf(body)).toBe('Phí, lệ phí Không thu phí, lệ phí.');
    expect(linksOf(body)).not.toContainEqual(payLink(code));
    expect(leadOf(body)).toMatch(/^Chờ cơ quan tiếp nhận \(chậm nhất .+\)\. Bạn chưa cần làm gì\.$/);
    const list = (await get('/ho-so-cua-toi')).body;
    expect(rowOf(list, code)).not.toContain('Chưa nộp phí');
    expect(rowOf(list, code)).toContain('Bạn chưa cần làm gì.');
  });

  it('a by-case fee not set yet says the officer sets it; once set, the amount is due with the link', async () => {
    const code = await onlineDossier(t.app, citizen, w.byCase, w.a.agency.id);
    const before = await mine(code);
    expect(feeTextOf(before)).toBe(
      'Phí, lệ phí Loại phí, lệ phí Phí chứng thực hợp đồng Số tiền phải nộp Cán bộ Bộ phận Một cửa xác định theo ' +
        'từng trường hợp (chưa xác định) Khi cán bộ xác định số tiền, bạn sẽ nộp được phí, lệ phí tại đây. ' +
        'Bạn chưa cần làm gì.',
    );
    expect(linksOf(before)).not.toContainEqual(payLink(code));
    expect(leadOf(before)).toMatch(/Bạn chưa cần làm gì\.$/);
    expect(rowOf((await get('/ho-so-cua-toi')).body, code)).not.toContain('Chưa nộp phí');

    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/dossiers/${code}/fee`,
      headers: officer,
      payload: { amountVnd: 50000, version: 0 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const after = await mine(code);
    expect(feeTextOf(after)).toContain('Số tiền phải nộp 50.000 đồng');
    expect(feeTextOf(after)).toContain('Bạn cần nộp 50.000 đồng.');
    expect(linksOf(after)).toContainEqual(payLink(code));
    expect(leadOf(after)).toMatch(/\. Bạn cần nộp phí, lệ phí \(50\.000 đồng\)\.$/);
  });

  it('an unpaid fixed fee: amount, the "Nộp phí, lệ phí" link to a working pay page, the list tag', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const body = await mine(code);
    const fee = feeTextOf(body);
    expect(fee).toContain('Loại phí, lệ phí Lệ phí');
    expect(fee).toContain('Số tiền phải nộp 10.000 đồng');
    expect(fee).toContain('Tình trạng Chưa nộp đủ');
    expect(linksOf(body)).toContainEqual(payLink(code));
    expect(leadOf(body)).toMatch(
      /^Chờ cơ quan tiếp nhận \(chậm nhất .+\)\. Bạn cần nộp phí, lệ phí \(10\.000 đồng\)\.$/,
    );
    const pay = await get(`/ho-so-cua-toi/${code}/thanh-toan`);
    expect(pay.statusCode).toBe(200);
    expect(textOf(pay.body)).toContain('Nộp phí, lệ phí');

    const list = (await get('/ho-so-cua-toi')).body;
    expect(rowOf(list, code)).toContain('Chưa nộp phí');
    expect(rowOf(list, code)).toContain('Bạn cần nộp phí, lệ phí (10.000 đồng).');
    // Another citizen learns nothing about it.
    expect((await get(`/ho-so-cua-toi/${code}`, other)).statusCode).toBe(404);
    expect(rowOf((await get('/ho-so-cua-toi', other)).body, code)).toBe('');
  });

  it('paid through the gateway: "Đã thanh toán" with a link to each receipt, no link to pay, no tag', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const { params } = await startPayment(t.app, citizen, code);
    expect((await sendIpn(t.app, gatewayResult(params, t.config.payment.secret))).RspCode).toBe('00');
    const status = (await t.app.payments.feeStatus(code)) as FeeStatus;
    const paid = status.payments.filter((p) => p.status === 'paid');
    expect(paid).toHaveLength(1);

    const body = await mine(code);
    const fee = feeTextOf(body);
    expect(fee).toContain('Tình trạng Đã thanh toán');
    expect(fee).toContain(`Biên lai số ${paid[0]?.receiptNo} (PDF): 10.000 đồng`);
    expect(linksOf(body)).not.toContainEqual(payLink(code));
    const receipt = linksOf(body).find(([text]) => text === `Biên lai số ${paid[0]?.receiptNo} (PDF)`);
    expect(receipt?.[1]).toBe(`/ho-so-cua-toi/${code}/bien-lai/${paid[0]?.id}`);
    const pdf = await get(receipt?.[1] ?? '');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(leadOf(body)).toMatch(/Bạn chưa cần làm gì\.$/);
    expect(rowOf((await get('/ho-so-cua-toi')).body, code)).not.toContain('Chưa nộp phí');
  });

  it('a supplement comes first, then the fee; a refused dossier no longer asks for the fee', async () => {
    const asked = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const ask = await actOn(t.app, officer, asked, 'request_supplement', {
      version: (await dossierDetail(t.app, officer, asked)).version,
      reason: 'Bổ sung bản sao giấy tờ tùy thân',
    });
    expect(ask.statusCode, ask.body).toBe(200);
    expect(leadOf(await mine(asked))).toBe(
      'Bạn cần bổ sung hồ sơ theo hướng dẫn của cơ quan. Sau đó, bạn cần nộp phí, lệ phí (10.000 đồng).',
    );

    const refused = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const refuse = await actOn(t.app, officer, refused, 'refuse', {
      version: (await dossierDetail(t.app, officer, refused)).version,
      reason: 'Không thuộc thẩm quyền giải quyết',
    });
    expect(refuse.statusCode, refuse.body).toBe(200);
    const body = await mine(refused);
    expect(leadOf(body)).toBe('Hồ sơ đã kết thúc.');
    expect(linksOf(body)).not.toContainEqual(payLink(refused));
    expect(feeTextOf(body)).toContain('Hồ sơ đã kết thúc nên không nộp phí, lệ phí trực tuyến.');
    expect(rowOf((await get('/ho-so-cua-toi')).body, refused)).not.toContain('Chưa nộp phí');
    // Posting the pay form anyway (an old tab, a typed address) starts no payment: the page explains why.
    const attempt = await postPayForm(t.app, citizen, refused);
    expect(attempt.statusCode).toBe(409);
    expect(attempt.headers.location).toBeUndefined();
    expect(attempt.body).toContain('Hồ sơ đã kết thúc mà không được giải quyết');
  });
});

describe('eservices: nextStep and the fee section (pure)', () => {
  const fee = (over: Partial<FeeStatus>): FeeStatus => ({
    dossierCode: 'X',
    amountVnd: 25000,
    paidVnd: 0,
    status: 'unpaid',
    basis: 'fixed',
    feeName: 'Lệ phí',
    feeVersion: 0,
    payments: [],
    ...over,
  });
  const d = { acceptBy: null, dueAt: null, rated: false };

  it('asks for what is left after a partial payment, after a result and before the rating', () => {
    const partly = fee({ paidVnd: 10000 });
    expect(nextStep({ ...d, status: 'returned' }, partly)).toBe(
      'Đã trả kết quả. Bạn cần nộp phí, lệ phí (15.000 đồng). Hãy đánh giá mức độ hài lòng của bạn.',
    );
    expect(nextStep({ ...d, status: 'result_ready' }, partly)).toMatch(/^Bạn cần nộp phí, lệ phí \(15\.000 đồng\)\. /);
    expect(textOf(String(feeSection('X', 'received', partly)))).toContain('Đã nộp 10.000 đồng');
    expect(nextStep({ ...d, status: 'received' }, fee({ status: 'paid', paidVnd: 25000 }))).toBe(
      'Cơ quan đang giải quyết. Bạn chưa cần làm gì.',
    );
    expect(nextStep({ ...d, status: 'received' }, null)).toBe('Cơ quan đang giải quyết. Bạn chưa cần làm gì.');
  });

  it('shows nothing when the fee is unknown, and "Không thu phí" for an officer-set zero', () => {
    expect(feeSection('X', 'received', null)).toBe('');
    expect(textOf(String(feeSection('X', 'received', fee({ amountVnd: 0, status: 'none', basis: 'officer' }))))).toBe(
      'Phí, lệ phí Không thu phí, lệ phí.',
    );
  });
});
