import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A scratch folder removed after `fn`. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'saola-signing-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfsigSignature {
  signer: string | null;
  signatureValid: boolean;
  validation: string | null;
  certificateValidation: string | null;
  totalDocumentSigned: boolean;
}

/**
 * Runs poppler's `pdfsig` (no OCSP: the tests run offline) and parses its report. pdfsig exits non-zero
 * when a signature is invalid, so its output is read whatever the exit code.
 */
export function pdfsig(pdf: Buffer): { output: string; signatures: PdfsigSignature[] } {
  return withTempDir((dir) => {
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync('/usr/bin/pdfsig', ['-no-ocsp', file], { encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    const blocks = output.split(/^Signature #\d+:$/m).slice(1);
    const signatures = blocks.map((block) => {
      const line = (label: string) => new RegExp(`- ${label}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? null;
      const validation = line('Signature Validation');
      return {
        signer: line('Signer Certificate Common Name'),
        validation,
        signatureValid: validation === 'Signature is Valid.',
        certificateValidation: line('Certificate Validation'),
        totalDocumentSigned: /Total document signed/.test(block),
      };
    });
    return { output, signatures };
  });
}

/** Runs the openssl CLI in `dir`; throws with its stderr when it fails. */
export function openssl(dir: string, args: string[]): string {
  return execFileSync('/usr/bin/openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A PDF written by pdf-lib: with `objectStreams` the catalog and pages sit in object streams and the
 *  cross-reference is a stream (PDF 1.5), otherwise a classic table. With `form`, it has an AcroForm. */
export async function pdfLibSample(options: { objectStreams: boolean; form?: boolean }): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setProducer('pdf-lib sample');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Trang 1: ket qua giai quyet', 'Trang 2']) {
    const page = doc.addPage([595, 842]);
    page.drawText(text, { x: 50, y: 780, size: 14, font });
  }
  if (options.form) {
    const field = doc.getForm().createTextField('ghi_chu');
    field.setText('Ghi chu');
    field.addToPage(doc.getPage(0), { x: 50, y: 700, width: 200, height: 20 });
  }
  return Buffer.from(await doc.save({ useObjectStreams: options.objectStreams }));
}

/**
 * A PDF laid out as LibreOffice Writer writes it (PDF 1.6, binary comment line, classic xref table,
 * /Info with Producer LibreOffice, a two-element /ID, the page's /Annots as an indirect array holding a
 * link annotation): built here by hand with exact byte offsets.
 */
export function libreOfficeStyleSample(options: { docMdp?: number } = {}): Buffer {
  const content = 'BT /F1 12 Tf 56.8 785.3 Td (Giay xac nhan - ban dien tu) Tj ET';
  const perms = options.docMdp ? ' /Perms << /DocMDP 9 0 R >>' : '';
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /XYZ null null 0] /Lang (vi-VN)${perms} >>`,
    '<< /Type /Pages /Resources << /Font << /F1 5 0 R >> >> /MediaBox [0 0 595.304 841.89] /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots 7 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>',
    "<< /Creator <FEFF005700720069007400650072> /Producer <FEFF004C0069006200720065004F00660066006900630065002000370027> /CreationDate (D:20251103083500+07'00') >>",
    '[8 0 R]',
    '<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [56.8 770 300 790] /A << /Type /Action /S /URI /URI (https://dichvucong.gov.vn) >> >>',
  ];
  if (options.docMdp) {
    // A certification signature's dictionary (its /Contents is not a real CMS: only /P matters here).
    objects.push(
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Contents <00> /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${options.docMdp} /V /1.2 >> >>] >>`,
    );
  }
  let out = '%PDF-1.6\n%\xe4\xfc\xf6\xdf\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out +=
    `trailer\n<</Size ${objects.length + 1}/Root 1 0 R\n/Info 6 0 R\n` +
    '/ID [ <A1B2C3D4E5F60718293A4B5C6D7E8F90>\n<A1B2C3D4E5F60718293A4B5C6D7E8F90> ]\n' +
    `/DocChecksum /0123456789ABCDEF0123456789ABCDEF\n>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Flips one byte of the signed content: the 10th byte of the file's first stream (original content). */
export function flipByteInFirstStream(pdf: Buffer): Buffer {
  const keyword = pdf.indexOf('stream', 0, 'latin1');
  if (keyword < 0) throw new Error('no stream in the PDF');
  const at = keyword + 'stream'.length + 10;
  const copy = Buffer.from(pdf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}
