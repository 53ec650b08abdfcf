import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT, runCommand, UsageError } from '../../cli/cli-common.js';
import { importAgencyPkcs12, run as signingCli } from '../../cli/signing.js';
import { tinyPdf } from '../../test/factories/multipart.js';
import { createAgency } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { TEST_ENGINE } from '../../test/test-db.js';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { OrgRepository } from '../org/org.repository.js';
import { openssl, pdfsig } from './signing.test-helpers.js';

/**
 * `saola signing import`: a CA and an agency certificate made with the openssl CLI, exported as PKCS#12
 * (modern AES/PBKDF2 and the legacy RC2/3DES encryption), imported, then used to sign.
 */
let t: TestApp;
let dir: string;
let agency: { id: string; code: string; name: string };
const PASSWORD = 'Mật-khẩu-p12 2026';
const env = { P12_PASS: PASSWORD };

beforeAll(async () => {
  t = await createTestApp();
  agency = await createAgency(t.app, { name: 'UBND xã Tân Lập' });
  dir = mkdtempSync(join(tmpdir(), 'saola-p12-'));
  const days = ['-days', '30'];
  openssl(dir, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', ...days, '-utf8',
    '-subj', '/C=VN/O=CA Thử nghiệm/CN=CA Gốc Thử nghiệm',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  openssl(dir, [
    'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-utf8',
    '-subj', '/C=VN/O=UBND xã Tân Lập/CN=UBND xã Tân Lập',
  ]); // prettier-ignore
  writeFileSync(join(dir, 'ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl(dir, [
    'x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem',
    ...days, '-extfile', 'ext.cnf',
  ]); // prettier-ignore
  const pass = ['-passout', `pass:${PASSWORD}`];
  openssl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    'leaf.key',
    '-in',
    'leaf.pem',
    '-certfile',
    'ca.pem',
    '-out',
    'full.p12',
    ...pass,
  ]);
  openssl(dir, [
    'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf2.key', '-out', 'leaf2.csr', '-utf8',
    '-subj', '/C=VN/O=UBND xã Tân Lập/CN=UBND xã Tân Lập (chứng thư 2)',
  ]); // prettier-ignore
  openssl(dir, [
    'x509', '-req', '-in', 'leaf2.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf2.pem',
    ...days, '-extfile', 'ext.cnf',
  ]); // prettier-ignore
  openssl(dir, [
    'pkcs12',
    '-export',
    '-legacy',
    '-inkey',
    'leaf2.key',
    '-in',
    'leaf2.pem',
    '-out',
    'no-root.p12',
    ...pass,
  ]);
  openssl(dir, ['pkcs12', '-export', '-inkey', 'ca.key', '-in', 'ca.pem', '-out', 'ca-only.p12', ...pass]);
}, 60_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const importP12 = (file: string, extra: { ca?: string; password?: string } = {}) =>
  importAgencyPkcs12(
    t.app,
    {
      agency: agency.code,
      p12: join(dir, file),
      passwordEnv: 'P12_PASS',
      ca: extra.ca ? join(dir, extra.ca) : undefined,
    },
    { P12_PASS: extra.password ?? env.P12_PASS },
  );
const sign = async () =>
  t.app.signing.signPdf(await tinyPdf('Ket qua'), { agencyId: agency.id, signerName: 'Hồ Văn Nam', reason: 'Kết quả' });

describe('saola signing import', () => {
  it('refuses a wrong password, a CA certificate, and a file that is not PKCS#12', async () => {
    await expect(importP12('full.p12', { password: 'sai' })).rejects.toThrow(/Mật khẩu tệp PKCS#12 không đúng/);
    await expect(importP12('ca-only.p12')).rejects.toThrow(UsageError);
    await expect(importP12('leaf.pem')).rejects.toThrow(/không phải là tệp PKCS#12/);
    expect(await t.database.db.selectFrom('signing_keys').select('id').execute()).toEqual([]);
  });

  it('imports a PKCS#12 with its CA: the key is sealed, the root trusted, signatures verify', async () => {
    // A demo key first: the import replaces it.
    await sign();
    const message = await importP12('full.p12');
    expect(message).toContain('Đã nhập chứng thư số cho UBND xã Tân Lập');
    const keys = await t.database.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('agency_id', '=', agency.id)
      .orderBy('created_at')
      .execute();
    expect(keys.map((k) => [k.source, k.active])).toEqual([
      ['demo', false],
      ['pkcs12', true],
    ]);
    expect(keys[1]?.private_key_sealed).not.toContain('PRIVATE KEY');
    const roots = await t.database.db.selectFrom('signing_authorities').select(['kind', 'subject']).execute();
    expect(roots.find((r) => r.kind === 'trusted_root')?.subject).toContain('CN=CA Gốc Thử nghiệm');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'agency_id'])
      .where('action', '=', 'signing.key_import')
      .execute();
    expect(audit).toEqual([{ action: 'signing.key_import', agency_id: agency.id }]);

    const signed = await sign();
    expect(await t.app.signing.verifyPdf(signed)).toEqual({ valid: true, signers: ['UBND xã Tân Lập'] });
    const report = pdfsig(signed);
    expect(report.signatures[0], report.output).toMatchObject({ signatureValid: true, signer: 'UBND xã Tân Lập' });
  });

  it('needs --ca when the file lacks the root (legacy RC2/3DES encryption), and accepts it with --ca', async () => {
    await t.database.db.deleteFrom('signing_authorities').where('kind', '=', 'trusted_root').execute();
    await expect(importP12('no-root.p12')).rejects.toThrow(/--ca/);
    expect(await importP12('no-root.p12', { ca: 'ca.pem' })).toContain('Chứng thư cũ của cơ quan đã được thay');
    const signed = await sign();
    expect(await t.app.signing.verifyPdf(signed)).toEqual({ valid: true, signers: ['UBND xã Tân Lập (chứng thư 2)'] });
    expect(pdfsig(signed).signatures[0]).toMatchObject({
      signatureValid: true,
      signer: 'UBND xã Tân Lập (chứng thư 2)',
    });
  });

  it('a certificate already imported is not imported twice', async () => {
    await expect(importP12('full.p12')).rejects.toThrow(/đã được nhập/);
  });
});

describe('saola signing (command line)', () => {
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      return { code: await runCommand(signingCli, args), output: out.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  };

  it('prints its usage, and refuses missing options or an unset password variable', async () => {
    expect(await cli(['--help'])).toMatchObject({ code: EXIT.ok, output: expect.stringContaining('--password-env') });
    expect((await cli(['xoa'])).code).toBe(EXIT.usage);
    expect((await cli(['import', '--agency', 'X'])).code).toBe(EXIT.usage);
    await expect(
      importAgencyPkcs12(t.app, { agency: agency.code, p12: join(dir, 'full.p12'), passwordEnv: 'KHONG_CO' }, {}),
    ).rejects.toThrow(/KHONG_CO chưa được đặt/);
    await expect(
      importAgencyPkcs12(t.app, { agency: 'khong.co', p12: join(dir, 'full.p12'), passwordEnv: 'P12_PASS' }, env),
    ).rejects.toThrow(/Không có cơ quan/);
    expect(readFileSync(join(dir, 'full.p12')).length).toBeGreaterThan(0);
  });
});

describe.runIf(TEST_ENGINE === 'pglite')('saola signing import, end to end on an embedded database', () => {
  const saved = {
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    P12_PASS: process.env.P12_PASS,
  };
  let dataDir: string;
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'opens DATA_DIR, imports the file for the agency code, and the key is there afterwards',
    { timeout: 120_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'saola-signing-cli-'));
      const pgliteDir = join(dataDir, 'pgdata');
      let database = await openDatabase({ url: null, pgliteDir });
      await migrate(database);
      const code = '000.00.31.H48';
      await new OrgRepository(database.db).insertAgency({
        code,
        name: 'UBND xã Cửa Tùng',
        kind: 'ubnd_xa',
        unitCode: null,
        parentId: null,
      });
      await database.close();
      process.env.DATA_DIR = dataDir;
      delete process.env.DATABASE_URL;
      process.env.P12_PASS = PASSWORD;
      const out: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      let exit: number;
      try {
        exit = await runCommand(signingCli, [
          'import',
          '--agency',
          code,
          '--p12',
          join(dir, 'full.p12'),
          '--password-env',
          'P12_PASS',
        ]);
      } finally {
        log.mockRestore();
        err.mockRestore();
      }
      expect(exit, out.join('\n')).toBe(EXIT.ok);
      expect(out.join('\n')).toContain('Đã nhập chứng thư số cho UBND xã Cửa Tùng');
      database = await openDatabase({ url: null, pgliteDir });
      try {
        const keys = await database.db.selectFrom('signing_keys').select(['source', 'active', 'subject']).execute();
        expect(keys).toEqual([
          { source: 'pkcs12', active: true, subject: expect.stringContaining('CN=UBND xã Tân Lập') },
        ]);
      } finally {
        await database.close();
      }
    },
  );
});
