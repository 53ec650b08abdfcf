import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../test/factories/citizens.js';
import { multipartBody, tinyPdf } from '../../test/factories/multipart.js';
import { createAgency, createUser, signIn, type Session } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { DatabaseKeySource, SigningKeyUnavailableError } from './key-store.js';
import { SigningRepository } from './signing.repository.js';
import { pdfsig } from './signing.test-helpers.js';

let t: TestApp;
let agencyA: { id: string; name: string };
let agencyB: { id: string; name: string };
let officerA: Session;
let officerB: Session;

beforeAll(async () => {
  t = await createTestApp();
  agencyA = await createAgency(t.app, { name: 'UBND xã Tân Hợp' });
  agencyB = await createAgency(t.app, { name: 'UBND xã Hướng Phùng' });
  officerA = await signIn(
    t.app,
    await createUser(t.app, { agencyId: agencyA.id, roles: [{ roleCode: 'can_bo_mot_cua' }] }),
  );
  officerB = await signIn(
    t.app,
    await createUser(t.app, { agencyId: agencyB.id, roles: [{ roleCode: 'can_bo_mot_cua' }] }),
  );
});
afterAll(async () => t.close());

const signAs = (agencyId: string, pdf: Buffer) =>
  t.app.signing.signPdf(pdf, { agencyId, signerName: 'Lê Văn Đạt', reason: 'Kết quả giải quyết hồ sơ' });

describe('app.signing (demo CA outside production)', () => {
  it('issues the agency a demo certificate on first need, stores its key sealed, and reuses it', async () => {
    const first = await signAs(agencyA.id, await tinyPdf('Ket qua 1'));
    const keys = await t.database.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('agency_id', '=', agencyA.id)
      .execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.source).toBe('demo');
    expect(keys[0]?.subject).toContain('KHÔNG CÓ GIÁ TRỊ PHÁP LÝ');
    expect(keys[0]?.private_key_sealed).toMatch(/^v1\./);
    expect(keys[0]?.private_key_sealed).not.toContain('PRIVATE KEY');
    const ca = await t.database.db.selectFrom('signing_authorities').selectAll().execute();
    expect(ca.map((r) => r.kind)).toEqual(['demo_ca']);
    expect(ca[0]?.subject).toContain('Saola Demo CA — không có giá trị pháp lý');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'agency_id'])
      .where('action', '=', 'signing.demo_key_issue')
      .execute();
    expect(audit).toEqual([{ action: 'signing.demo_key_issue', agency_id: agencyA.id }]);

    const second = await signAs(agencyA.id, await tinyPdf('Ket qua 2'));
    expect(await t.database.db.selectFrom('signing_keys').select('id').execute()).toHaveLength(1);
    for (const pdf of [first, second]) {
      expect(await t.app.signing.verifyPdf(pdf)).toEqual({ valid: true, signers: ['UBND xã Tân Hợp (DEMO)'] });
      expect(pdfsig(pdf).signatures[0]).toMatchObject({ signatureValid: true, signer: 'UBND xã Tân Hợp (DEMO)' });
    }
  });

  it('gives each agency its own certificate; concurrent first signatures create one key', async () => {
    const pdf = await tinyPdf('Ket qua B');
    const signed = await Promise.all([signAs(agencyB.id, pdf), signAs(agencyB.id, pdf), signAs(agencyB.id, pdf)]);
    const rows = await t.database.db
      .selectFrom('signing_keys')
      .select(['agency_id', 'fingerprint_sha256'])
      .where('active', '=', true)
      .execute();
    expect(rows.filter((r) => r.agency_id === agencyB.id)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.fingerprint_sha256)).size).toBe(rows.length);
    const issued = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'signing.demo_key_issue')
      .where('agency_id', '=', agencyB.id)
      .execute();
    expect(issued).toHaveLength(1);
    for (const s of signed)
      expect(await t.app.signing.verifyPdf(s)).toEqual({ valid: true, signers: ['UBND xã Hướng Phùng (DEMO)'] });
  });

  it('answers 422 for bytes that are not a PDF', async () => {
    await expect(signAs(agencyA.id, Buffer.from('%PDF-1.4 hỏng'))).rejects.toMatchObject({
      status: 422,
      code: 'pdf_not_signable',
    });
  });

  it('in production, an agency without an imported certificate cannot sign and the demo CA is not trusted', async () => {
    const keys = new DatabaseKeySource({
      repo: new SigningRepository(t.database.db),
      dataKey: t.config.dataKey,
      allowDemo: false,
      findAgency: (id) => t.app.org.findAgency(id),
      clock: () => new Date(),
    });
    const agencyC = await createAgency(t.app);
    await expect(keys.keyFor(agencyC.id)).rejects.toBeInstanceOf(SigningKeyUnavailableError);
    expect(await keys.trustedRoots()).toEqual([]);
  });
});

describe('POST /api/v1/signing/verify', () => {
  let signed: Buffer;
  beforeAll(async () => {
    signed = await signAs(agencyA.id, await tinyPdf('Ket qua kiem tra'));
  });
  const post = (pdf: Buffer, headers: Record<string, string> = {}) => {
    const form = multipartBody([{ name: 'file', filename: 'ket-qua.pdf', contentType: 'application/pdf', data: pdf }]);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/signing/verify',
      payload: form.payload,
      headers: { 'content-type': form.contentType, ...headers },
    });
  };

  it('lets an officer check a signed PDF — also one signed by another commune', async () => {
    for (const session of [officerA, officerB]) {
      const res = await post(signed, { ...session });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        valid: true,
        signers: ['UBND xã Tân Hợp (DEMO)'],
        signatures: [
          { signer: 'UBND xã Tân Hợp (DEMO)', valid: true, coversWholeFile: true, subFilter: 'ETSI.CAdES.detached' },
        ],
      });
    }
  });

  it('reports an altered PDF as invalid, and an unsigned one as having no signature', async () => {
    const altered = Buffer.from(signed);
    const at = altered.indexOf('stream', 0, 'latin1') + 16;
    altered[at] = (altered[at] ?? 0) ^ 0xff;
    const res = await post(altered, { ...officerA });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ valid: boolean; signatures: { valid: boolean }[] }>()).toMatchObject({
      valid: false,
      signatures: [{ valid: false }],
    });
    const unsigned = await post(await tinyPdf('Chua ky'), { ...officerA });
    expect(unsigned.json()).toEqual({ valid: false, signers: [], signatures: [] });
  });

  it('refuses a file that is not a PDF (422)', async () => {
    const res = await post(Buffer.from('xin chào'), { ...officerA });
    expect(res.statusCode).toBe(422);
  });

  it('refuses anonymous callers (401) and citizens (403)', async () => {
    expect((await post(signed)).statusCode).toBe(401);
    const citizen = await signInCitizen(t.app);
    expect((await post(signed, citizen.headers)).statusCode).toBe(403);
  });

  it('refuses an officer who still has to change the default password (403)', async () => {
    const user = await createUser(t.app, {
      agencyId: agencyA.id,
      roles: [{ roleCode: 'can_bo_mot_cua' }],
      mustChangePassword: true,
    });
    const res = await post(signed, { ...(await signIn(t.app, user)) });
    expect(res.statusCode).toBe(403);
  });
});
