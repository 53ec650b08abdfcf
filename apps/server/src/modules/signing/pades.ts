import { buildCms, sha256, verifyCms } from './cms.js';
import type { SigningMaterial } from './key-store.js';
import { embedSignature, preparePdfSignature, signedBytes } from './pdf-incremental.js';

/**
 * PAdES baseline B-B (ETSI EN 319 142-1): a /Sig dictionary with /SubFilter /ETSI.CAdES.detached whose
 * /Contents is a detached CMS over the /ByteRange, added as an incremental update.
 */
export interface SignOptions {
  signerName: string;
  reason: string;
  location?: string;
  signingTime: Date;
}

export async function signPdfWith(pdf: Buffer, material: SigningMaterial, opts: SignOptions): Promise<Buffer> {
  const certBytes = material.certificateDer.length + material.chainDer.reduce((n, c) => n + c.length, 0);
  // Room for the CMS: certificates + signed attributes + signature (≤ 1 KiB for RSA-4096) + margin.
  const contentsBytes = certBytes + 4096;
  const prepared = await preparePdfSignature(pdf, { ...opts, contentsBytes });
  const digest = sha256(signedBytes(prepared.pdf, prepared.byteRange));
  return embedSignature(prepared, buildCms(digest, material));
}

export interface SignatureReport {
  valid: boolean;
  signer: string | null;
  subFilter: string | null;
  byteRange: number[];
  /** The signature covers the whole file (it is the last revision). */
  coversWholeFile: boolean;
  problem?: string;
}

export interface VerifyReport {
  valid: boolean;
  signers: string[];
  signatures: SignatureReport[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * Every signature of the file (found by their /ByteRange: a signature dictionary is never inside a
 * compressed object stream, its /Contents must be reachable as bytes). The file is valid when it has at
 * least one signature, every one verifies, and the last one covers the whole file (nothing was appended
 * after it).
 */
export async function verifyPdfWith(pdf: Buffer, trustedRoots: Buffer[], at: Date): Promise<VerifyReport> {
  const text = pdf.toString('latin1');
  const seen = new Set<string>();
  const signatures: SignatureReport[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const byteRange = match.slice(1, 5).map(Number);
    const key = byteRange.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    signatures.push(await verifyOne(pdf, text, match.index, byteRange, trustedRoots, at));
  }
  const end = trimmedLength(pdf);
  for (const s of signatures) s.coversWholeFile = (s.byteRange[2] ?? 0) + (s.byteRange[3] ?? 0) >= end;
  const valid = signatures.length > 0 && signatures.every((s) => s.valid) && signatures.some((s) => s.coversWholeFile);
  return { valid, signers: signatures.flatMap((s) => (s.signer ? [s.signer] : [])), signatures };
}

async function verifyOne(
  pdf: Buffer,
  text: string,
  at: number,
  byteRange: number[],
  trustedRoots: Buffer[],
  when: Date,
): Promise<SignatureReport> {
  const [a = 0, b = 0, c = 0, d = 0] = byteRange;
  const report: SignatureReport = { valid: false, signer: null, subFilter: null, byteRange, coversWholeFile: false };
  const dict = dictionaryAround(text, at);
  report.subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null;
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    return { ...report, problem: 'ByteRange does not frame the /Contents hex string' };
  }
  if (report.subFilter !== 'ETSI.CAdES.detached' && report.subFilter !== 'adbe.pkcs7.detached') {
    return { ...report, problem: `unsupported SubFilter ${report.subFilter ?? '(none)'}` };
  }
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (!/^[0-9A-Fa-f\s]*$/.test(hex)) return { ...report, problem: '/Contents is not a hex string' };
  const cms = derPrefix(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
  if (!cms) return { ...report, problem: '/Contents is not DER' };
  const result = await verifyCms(cms, signedBytes(pdf, byteRange), trustedRoots, when);
  return {
    ...report,
    valid: result.valid,
    signer: result.signer,
    ...(result.problem ? { problem: result.problem } : {}),
  };
}

/** The text of the dictionary holding the /ByteRange at `at` (up to the nearest "obj" before it). */
function dictionaryAround(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf(' obj', at), at - 65536, 0);
  const end = text.indexOf('endobj', at);
  return text.slice(start, end === -1 ? Math.min(text.length, at + 65536) : end);
}

/** The first DER element of the buffer (the hex placeholder is padded with zeros). */
function derPrefix(buf: Buffer): Buffer | null {
  if (buf.length < 2 || buf[0] !== 0x30) return null;
  const first = buf[1] ?? 0;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || buf.length < 2 + n) return null;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[2 + i] ?? 0);
    header = 2 + n;
  }
  return header + length <= buf.length ? buf.subarray(0, header + length) : null;
}

/** File length without trailing white space (an EOL after %%EOF is not an alteration). */
function trimmedLength(pdf: Buffer): number {
  let n = pdf.length;
  while (n > 0 && [0x0a, 0x0d, 0x20, 0x00, 0x09].includes(pdf[n - 1] ?? 0)) n--;
  return n;
}
