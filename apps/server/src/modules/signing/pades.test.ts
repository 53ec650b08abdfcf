import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mau01Data, mau06Data } from '../papers/papers.factories.js';
import { renderMau01, renderMau06 } from '../papers/index.js';
import { pdfPages, pdfText } from '../papers/papers.test-helpers.js';
import { createDemoCa, derToPem, issueDemoAgencyCertificate, type IssuedCertificate } from './certificates.js';
import type { SigningMaterial } from './key-store.js';
import { signPdfWith, verifyPdfWith } from './pades.js';
import { PdfSigningError } from './pdf-incremental.js';
import {
  flipByteInFirstStream,
  libreOfficeStyleSample,
  openssl,
  pdfLibSample,
  pdfsig,
  withTempDir,
} from './signing.test-helpers.js';

const NOW = new Date();
let ca: IssuedCertificate;
let agency: SigningMaterial;
const AGENCY = 'UBND xã Cam Lộ';

beforeAll(async () => {
  ca = await createDemoCa(NOW);
  const cert = await issueDemoAgencyCertificate(ca, AGENCY, NOW);
  agency = { privateKey: cert.privateKey, certificateDer: cert.certificateDer, chainDer: [ca.certificateDer] };
});

const sign = (pdf: Buffer, signerName = 'Lê Văn Đạt', material = agency) =>
  signPdfWith(pdf, material, {
    signerName,
    reason: 'Kết quả giải quyết hồ sơ H48.26.10-251103-0007',
    location: 'Cam Lộ, Quảng Trị',
    signingTime: NOW,
  });
const verify = (pdf: Buffer, roots = [ca.certificateDer]) => verifyPdfWith(pdf, roots, NOW);

const samples: [string, () => Promise<Buffer>][] = [
  ['pdfkit (Mẫu 01 of modules/papers)', () => renderMau01(mau01Data())],
  ['pdfkit (Mẫu 06, several pages)', () => renderMau06(mau06Data())],
  ['LibreOffice-style (classic xref, indirect /Annots)', () => Promise.resolve(libreOfficeStyleSample())],
  ['pdf-lib with object streams and an xref stream', () => pdfLibSample({ objectStreams: true })],
  ['pdf-lib with an AcroForm field, classic xref', () => pdfLibSample({ objectStreams: false, form: true })],
];

describe.each(samples)('PAdES signature on a %s', (_name, make) => {
  let original: Buffer;
  let signed: Buffer;
  beforeAll(async () => {
    original = await make();
    signed = await sign(original);
  });

  it('is an incremental update: the original bytes are kept as they were', () => {
    expect(signed.length).toBeGreaterThan(original.length);
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
  });

  it('still reads as the same document (pages and text, by poppler)', () => {
    expect(pdfPages(signed)).toEqual(pdfPages(original));
    expect(pdfText(signed)).toBe(pdfText(original));
  });

  it('pdfsig reports a valid ETSI.CAdES.detached signature by the agency, covering the whole document', () => {
    const { output, signatures } = pdfsig(signed);
    expect(signatures, output).toHaveLength(1);
    const [s] = signatures;
    expect(s?.signatureValid, output).toBe(true);
    expect(s?.signer).toBe(`${AGENCY} (DEMO)`);
    expect(s?.totalDocumentSigned).toBe(true);
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Signing Hash Algorithm: SHA-256');
    // The demo CA is not in poppler's NSS trust store: the certificate is reported as untrusted, never
    // as revoked or expired. Our own verifyPdf is the one that checks the chain to our roots.
    expect(s?.certificateValidation).toMatch(/Certificate issuer isn't Trusted|Certificate is Trusted/);
  });

  it('verifyPdf says valid and names the signer', async () => {
    const report = await verify(signed);
    expect(report.valid).toBe(true);
    expect(report.signers).toEqual([`${AGENCY} (DEMO)`]);
  });

  it('one flipped byte of the signed content makes pdfsig and verifyPdf say invalid', async () => {
    const tampered = flipByteInFirstStream(signed);
    const { output, signatures } = pdfsig(tampered);
    expect(signatures[0]?.signatureValid, output).toBe(false);
    expect(signatures[0]?.validation).toMatch(/Invalid|Digest Mismatch/);
    const report = await verify(tampered);
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.valid).toBe(false);
  });

  it('a second signature keeps the first one valid', async () => {
    const twice = await sign(signed, 'Trần Thị Bích');
    expect(twice.subarray(0, signed.length).equals(signed)).toBe(true);
    expect(pdfPages(twice)).toEqual(pdfPages(original));
    const { output, signatures } = pdfsig(twice);
    expect(signatures, output).toHaveLength(2);
    expect(signatures.map((s) => s.signatureValid)).toEqual([true, true]);
    expect(signatures.map((s) => s.totalDocumentSigned)).toEqual([false, true]);
    const report = await verify(twice);
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.valid)).toEqual([true, true]);
    expect(report.signatures.map((s) => s.coversWholeFile)).toEqual([false, true]);
  });
});

describe('the CMS inside the signature', () => {
  let signed: Buffer;
  let cms: Buffer;
  beforeAll(async () => {
    signed = await sign(await renderMau01(mau01Data()));
    const [, b = 0, c = 0] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/
      .exec(signed.toString('latin1'))!
      .slice(1)
      .map(Number);
    const hex = signed
      .subarray(b + 1, c - 1)
      .toString('latin1')
      .replace(/(00)+$/, '');
    cms = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  });

  it('carries content-type, message-digest and signing-certificate-v2, and no signing-time (PAdES B-B)', () => {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms).buffer);
    const signedData = new pkijs.SignedData({ schema: info.content });
    expect(signedData.encapContentInfo.eContent).toBeUndefined(); // detached
    const types = (signedData.signerInfos[0]?.signedAttrs?.attributes ?? []).map((a) => a.type).sort();
    expect(types).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'].sort());
    const ess = signedData.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.47');
    expect(ess?.values[0]).toBeInstanceOf(asn1js.Sequence);
  });

  it('openssl verifies the detached CMS over the byte ranges and the chain to the demo CA', () => {
    withTempDir((dir) => {
      const [a = 0, b = 0, c = 0, d = 0] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/
        .exec(signed.toString('latin1'))!
        .slice(1)
        .map(Number);
      writeFileSync(join(dir, 'content.bin'), Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]));
      writeFileSync(join(dir, 'sig.der'), cms);
      writeFileSync(join(dir, 'ca.pem'), derToPem(ca.certificateDer));
      const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'content.bin'];
      expect(() => openssl(dir, [...args, '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'])).not.toThrow();
      // Over other content the same CMS does not verify.
      writeFileSync(join(dir, 'content.bin'), Buffer.from('khác'));
      expect(() => openssl(dir, [...args, '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'])).toThrow();
    });
  });
});

describe('verifyPdf refuses', () => {
  it('a PDF without any signature', async () => {
    expect(await verify(libreOfficeStyleSample())).toEqual({ valid: false, signers: [], signatures: [] });
  });

  it('a signature whose chain does not end at one of our roots', async () => {
    const otherCa = await createDemoCa(NOW);
    const signed = await sign(libreOfficeStyleSample());
    const report = await verify(signed, [otherCa.certificateDer]);
    expect(report.valid).toBe(false);
    expect(report.signers).toEqual([`${AGENCY} (DEMO)`]);
  });

  it('a signature checked after the certificate expired (B-B has no timestamp to prove it was made in time)', async () => {
    const signed = await sign(libreOfficeStyleSample());
    const later = new Date(NOW.getTime() + 4 * 365 * 24 * 3600 * 1000);
    expect((await verify(signed)).valid).toBe(true);
    const report = await verifyPdfWith(signed, [ca.certificateDer], later);
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.problem).toMatch(/expired/);
  });

  it('a signature made with a key that does not match the certificate', async () => {
    const other = await issueDemoAgencyCertificate(ca, 'UBND xã Khác', NOW);
    const forged = await sign(libreOfficeStyleSample(), 'X', { ...agency, privateKey: other.privateKey });
    expect((await verify(forged)).valid).toBe(false);
    expect(pdfsig(forged).signatures[0]?.signatureValid).toBe(false);
  });

  it('content appended after the last signature (an unsigned incremental update)', async () => {
    const signed = await sign(libreOfficeStyleSample());
    const appended = Buffer.concat([signed, Buffer.from('9 0 obj\n(them vao sau khi ky)\nendobj\n', 'latin1')]);
    const report = await verify(appended);
    expect(report.signatures[0]?.valid).toBe(true);
    expect(report.signatures[0]?.coversWholeFile).toBe(false);
    expect(report.valid).toBe(false);
  });
});

describe('signPdf refuses', () => {
  it('a document certified with "no changes allowed" (DocMDP P=1), but signs one that allows form filling (P=2)', async () => {
    await expect(sign(libreOfficeStyleSample({ docMdp: 1 }))).rejects.toThrow(/không cho phép thay đổi/);
    const signed = await sign(libreOfficeStyleSample({ docMdp: 2 }));
    expect(pdfsig(signed).signatures.at(-1)?.signatureValid).toBe(true);
  });

  it('bytes that are not a PDF', async () => {
    await expect(sign(Buffer.from('không phải PDF'))).rejects.toBeInstanceOf(PdfSigningError);
  });
});
