import { describe, expect, it } from 'vitest';
import { checkUpload, sniffType } from './sniff.js';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');
const HTML = Buffer.from('<html><script>', 'utf8');

describe('sniffType', () => {
  it('recognises PDF, PNG and JPEG by their magic bytes', () => {
    expect(sniffType(PDF)?.mime).toBe('application/pdf');
    expect(sniffType(PNG)?.mime).toBe('image/png');
    expect(sniffType(JPEG)?.mime).toBe('image/jpeg');
  });
  it('recognises nothing else, nor a truncated signature', () => {
    expect(sniffType(EXE)).toBeNull();
    expect(sniffType(HTML)).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
    expect(sniffType(PNG.subarray(0, 7))).toBeNull();
    expect(sniffType(Buffer.from('%PD'))).toBeNull();
    expect(sniffType(Buffer.concat([Buffer.from(' '), PDF]))).toBeNull();
  });
});

describe('checkUpload', () => {
  it('accepts a file whose name and declared type match its content', () => {
    expect(checkUpload({ filename: 'don.PDF', declaredType: 'application/pdf', head: PDF })).toMatchObject({
      ok: true,
      type: { mime: 'application/pdf' },
    });
    expect(checkUpload({ filename: 'cccd.jpeg', declaredType: 'image/jpg', head: JPEG }).ok).toBe(true);
    expect(checkUpload({ filename: 'anh.png', declaredType: 'application/octet-stream', head: PNG }).ok).toBe(true);
    expect(checkUpload({ filename: 'anh.jpg', head: JPEG }).ok).toBe(true);
  });
  it('refuses a file whose extension lies about its content', () => {
    expect(checkUpload({ filename: 'hoa-don.pdf', declaredType: 'application/pdf', head: EXE })).toMatchObject({
      ok: false,
      code: 'unsupported_type',
    });
    expect(checkUpload({ filename: 'anh.pdf', declaredType: 'application/pdf', head: PNG })).toMatchObject({
      ok: false,
      code: 'extension_mismatch',
      detail: expect.stringContaining('.png'),
    });
    expect(checkUpload({ filename: 'khong-duoi', head: PDF })).toMatchObject({ ok: false, code: 'extension_mismatch' });
  });
  it('refuses a declared type that contradicts the content, and types not accepted here', () => {
    expect(checkUpload({ filename: 'a.png', declaredType: 'text/html', head: PNG })).toMatchObject({
      ok: false,
      code: 'declared_type_mismatch',
    });
    expect(checkUpload({ filename: 'a.png', head: PNG }, ['application/pdf'])).toMatchObject({
      ok: false,
      code: 'unsupported_type',
      detail: expect.stringContaining('PDF'),
    });
  });
});
