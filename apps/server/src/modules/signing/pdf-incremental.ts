import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/** The PDF cannot be signed (damaged, encrypted, no page): the message is plain Vietnamese. */
export class PdfSigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSigningError';
  }
}

export interface SignatureFieldOptions {
  signerName: string;
  reason: string;
  location?: string;
  signingTime: Date;
  /** Bytes reserved for the DER CMS (the hex placeholder is twice as long). */
  contentsBytes: number;
}

export interface PreparedPdf {
  /** Original bytes + incremental update, /ByteRange filled, /Contents still zeros. */
  pdf: Buffer;
  /** Offsets of the hex string '<…>' of /Contents: [start of '<', end after '>']. */
  contentsStart: number;
  contentsEnd: number;
  byteRange: [number, number, number, number];
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/**
 * Appends an invisible signature field with a /Sig dictionary to the PDF as an INCREMENTAL UPDATE
 * (ISO 32000-1 §7.5.6): the original bytes are left untouched, so earlier signatures stay valid.
 * pdf-lib is used only to READ the file (it copes with object streams and xref streams); the update is
 * written here: changed objects (page /Annots, catalog or /AcroForm /Fields), the signature dictionary,
 * the widget, then a cross-reference section of the same kind as the file's last one (table or stream)
 * pointing back with /Prev.
 */
export async function preparePdfSignature(original: Buffer, opts: SignatureFieldOptions): Promise<PreparedPdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(original, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
  } catch {
    throw new PdfSigningError('Tệp không phải là tệp PDF hợp lệ hoặc đã bị hỏng.');
  }
  if (doc.isEncrypted) throw new PdfSigningError('Không ký được tệp PDF đã mã hóa (có mật khẩu).');
  const context = doc.context;
  const trailer = context.trailerInfo;
  if (!(trailer.Root instanceof PDFRef)) throw new PdfSigningError('Tệp PDF thiếu danh mục gốc (/Root).');
  const pages = doc.getPages();
  const firstPage = pages[0];
  if (!firstPage) throw new PdfSigningError('Tệp PDF không có trang nào.');
  const prevXref = lastStartXref(original);
  const xrefIsStream = !original.subarray(prevXref, prevXref + 4).equals(latin1('xref'));

  // pdf-lib does not count the cross-reference stream objects: take the largest of its count, the last
  // section's /Size and every "n g obj" header in the file, so that no existing object number is reused.
  let nextNumber =
    Math.max(context.largestObjectNumber, previousSize(original, prevXref) - 1, largestHeader(original)) + 1;
  const sigRef = PDFRef.of(nextNumber++);
  const widgetRef = PDFRef.of(nextNumber++);
  /** Objects rewritten in this update (same number), serialised by pdf-lib. */
  const changed = new Map<string, { ref: PDFRef; object: PDFObject }>();
  const change = (ref: PDFRef, object: PDFObject) => changed.set(ref.toString(), { ref, object });

  // Field on the first page, invisible (zero rectangle): PAdES does not require an appearance.
  const pageRef = firstPage.ref;
  const pageDict = firstPage.node;
  const annots = pageDict.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const array = context.lookup(annots, PDFArray);
    array.push(widgetRef);
    change(annots, array);
  } else {
    const array = annots instanceof PDFArray ? annots : context.obj([]);
    array.push(widgetRef);
    pageDict.set(PDFName.of('Annots'), array);
    change(pageRef, pageDict);
  }

  const catalogRef = trailer.Root;
  const catalog = context.lookup(catalogRef, PDFDict);
  if (docMdpPermission(context, catalog) === 1) {
    throw new PdfSigningError('Tệp PDF đã được chứng thực ở chế độ không cho phép thay đổi, nên không ký thêm được.');
  }
  const acroRaw = catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (acroRaw instanceof PDFRef) {
    acroForm = context.lookup(acroRaw, PDFDict);
    change(acroRaw, acroForm);
  } else {
    acroForm = acroRaw instanceof PDFDict ? acroRaw : context.obj({});
    catalog.set(PDFName.of('AcroForm'), acroForm);
    change(catalogRef, catalog);
  }
  const fieldsRaw = acroForm.get(PDFName.of('Fields'));
  let fields: PDFArray;
  if (fieldsRaw instanceof PDFRef) {
    fields = context.lookup(fieldsRaw, PDFArray);
    change(fieldsRaw, fields);
  } else {
    fields = fieldsRaw instanceof PDFArray ? fieldsRaw : context.obj([]);
    acroForm.set(PDFName.of('Fields'), fields);
  }
  const fieldName = uniqueFieldName(context, fields);
  fields.push(widgetRef);
  // SigFlags 3 = SignaturesExist | AppendOnly (ISO 32000-1, Table 219).
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    F: 132, // Print | Locked
    P: pageRef,
    V: sigRef,
  });
  widget.set(PDFName.of('T'), PDFString.of(fieldName));

  // Write the update.
  const chunks: Buffer[] = [];
  let length = original.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  };
  if (original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d) push(latin1('\n'));
  const offsets = new Map<number, { offset: number; generation: number }>();
  const writeObject = (ref: PDFRef, body: string) => {
    offsets.set(ref.objectNumber, { offset: length, generation: ref.generationNumber });
    push(latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n${body}\nendobj\n`));
  };
  for (const { ref, object } of changed.values()) writeObject(ref, object.toString());
  writeObject(widgetRef, widget.toString());

  const placeholderByteRange = '/ByteRange [0 0000000000 0000000000 0000000000]';
  const sigHead = [
    '<<',
    '/Type /Sig',
    '/Filter /Adobe.PPKLite',
    '/SubFilter /ETSI.CAdES.detached',
    placeholderByteRange,
    '/Contents ',
  ].join('\n');
  const sigTail = [
    '',
    `/M ${PDFString.of(pdfDate(opts.signingTime)).toString()}`,
    `/Name ${PDFHexString.fromText(opts.signerName).toString()}`,
    `/Reason ${PDFHexString.fromText(opts.reason).toString()}`,
    ...(opts.location ? [`/Location ${PDFHexString.fromText(opts.location).toString()}`] : []),
    '/Prop_Build << /App << /Name /Saola >> >>',
    '>>',
  ].join('\n');
  const sigObjStart = length;
  const sigObjHead = `${sigRef.objectNumber} 0 obj\n`;
  writeObject(sigRef, `${sigHead}<${'0'.repeat(opts.contentsBytes * 2)}>${sigTail}`);
  const byteRangeAt = sigObjStart + sigObjHead.length + sigHead.indexOf(placeholderByteRange);
  const contentsStart = sigObjStart + sigObjHead.length + sigHead.length;
  const contentsEnd = contentsStart + opts.contentsBytes * 2 + 2;

  const xrefOffset = length;
  const trailerEntries = trailerDictEntries(trailer, catalogRef, prevXref);
  if (xrefIsStream) {
    const xrefRef = PDFRef.of(nextNumber++);
    offsets.set(xrefRef.objectNumber, { offset: xrefOffset, generation: 0 });
    const { index, data } = xrefStreamData(offsets);
    push(
      Buffer.concat([
        latin1(
          `${xrefRef.objectNumber} 0 obj\n<< /Type /XRef /Size ${nextNumber} /W [1 4 2] /Index [${index.join(' ')}] ` +
            `${trailerEntries} /Length ${data.length} >>\nstream\n`,
        ),
        data,
        latin1('\nendstream\nendobj\n'),
      ]),
    );
  } else {
    push(latin1(`${xrefTable(offsets)}trailer\n<< /Size ${nextNumber} ${trailerEntries} >>\n`));
  }
  push(latin1(`startxref\n${xrefOffset}\n%%EOF\n`));

  const pdf = Buffer.concat([original, ...chunks]);
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, pdf.length - contentsEnd];
  const filled = `/ByteRange [${byteRange.join(' ')}]`.padEnd(placeholderByteRange.length, ' ');
  if (filled.length !== placeholderByteRange.length) throw new PdfSigningError('Tệp PDF quá lớn để ký.');
  pdf.write(filled, byteRangeAt, 'latin1');
  return { pdf, contentsStart, contentsEnd, byteRange };
}

/** Writes the DER CMS into the reserved /Contents hex string. */
export function embedSignature(prepared: PreparedPdf, cms: Buffer): Buffer {
  const room = (prepared.contentsEnd - prepared.contentsStart - 2) / 2;
  if (cms.length > room) throw new PdfSigningError('Chữ ký số lớn hơn chỗ dành sẵn trong tệp PDF.');
  const out = Buffer.from(prepared.pdf);
  out.write(cms.toString('hex').toUpperCase(), prepared.contentsStart + 1, 'latin1');
  return out;
}

/** The bytes a signature covers: everything but the /Contents hex string. */
export function signedBytes(pdf: Buffer, byteRange: readonly number[]): Buffer {
  const [a = 0, b = 0, c = 0, d = 0] = byteRange;
  return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
}

function lastStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
  const offset = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= pdf.length) {
    throw new PdfSigningError('Tệp PDF thiếu bảng tham chiếu chéo (startxref) hợp lệ.');
  }
  return offset;
}

/**
 * The /P of a certification signature (DocMDP, ISO 32000-1 §12.8.2.2): 1 = no change at all, not even
 * another signature; 2 and 3 allow signing. undefined when the document is not certified.
 */
function docMdpPermission(context: PDFDocument['context'], catalog: PDFDict): number | undefined {
  const perms = context.lookupMaybe(catalog.get(PDFName.of('Perms')), PDFDict);
  const sig = perms ? context.lookupMaybe(perms.get(PDFName.of('DocMDP')), PDFDict) : undefined;
  const refs = sig ? context.lookupMaybe(sig.get(PDFName.of('Reference')), PDFArray) : undefined;
  if (!sig) return undefined;
  for (let i = 0; i < (refs?.size() ?? 0); i++) {
    const ref = context.lookupMaybe(refs?.get(i), PDFDict);
    const params = ref ? context.lookupMaybe(ref.get(PDFName.of('TransformParams')), PDFDict) : undefined;
    const p = params?.get(PDFName.of('P'));
    if (p instanceof PDFNumber) return p.asNumber();
  }
  return 2; // the default when /P is absent
}

/** /Size of the last cross-reference section (table trailer or xref stream dictionary); 0 if unreadable. */
function previousSize(pdf: Buffer, xrefOffset: number): number {
  const tail = pdf.subarray(xrefOffset).toString('latin1');
  const start = tail.startsWith('xref') ? tail.indexOf('trailer') : 0;
  const end = tail.startsWith('xref') ? tail.indexOf('>>', start) : tail.indexOf('stream');
  if (start < 0 || end < 0) return 0;
  const size = /\/Size\s+(\d+)/.exec(tail.slice(start, end));
  return size ? Number(size[1]) : 0;
}

function largestHeader(pdf: Buffer): number {
  let max = 0;
  for (const m of pdf.toString('latin1').matchAll(/(?:^|[\r\n\s])(\d{1,9})\s+\d{1,5}\s+obj\b/g)) {
    max = Math.max(max, Number(m[1]));
  }
  return max;
}

function uniqueFieldName(context: PDFDocument['context'], fields: PDFArray): string {
  const taken = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const field = context.lookupMaybe(fields.get(i), PDFDict);
    const name = field?.get(PDFName.of('T'));
    if (name instanceof PDFString || name instanceof PDFHexString) taken.add(name.decodeText());
  }
  let n = fields.size() + 1;
  while (taken.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

function trailerDictEntries(trailer: PDFDocument['context']['trailerInfo'], root: PDFRef, prev: number): string {
  const parts = [`/Root ${root.toString()}`];
  if (trailer.Info instanceof PDFRef) parts.push(`/Info ${trailer.Info.toString()}`);
  if (trailer.ID instanceof PDFArray) parts.push(`/ID ${trailer.ID.toString()}`);
  parts.push(`/Prev ${prev}`);
  return parts.join(' ');
}

/** Consecutive object numbers grouped into subsections. */
function subsections(offsets: Map<number, { offset: number; generation: number }>) {
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const n of numbers) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else groups.push([n]);
  }
  return groups;
}

function xrefTable(offsets: Map<number, { offset: number; generation: number }>): string {
  let out = 'xref\n';
  for (const group of subsections(offsets)) {
    out += `${group[0]} ${group.length}\n`;
    for (const n of group) {
      const entry = offsets.get(n);
      if (!entry) continue;
      out += `${String(entry.offset).padStart(10, '0')} ${String(entry.generation).padStart(5, '0')} n\r\n`;
    }
  }
  return out;
}

function xrefStreamData(offsets: Map<number, { offset: number; generation: number }>) {
  const index: number[] = [];
  const rows: Buffer[] = [];
  for (const group of subsections(offsets)) {
    index.push(group[0] ?? 0, group.length);
    for (const n of group) {
      const entry = offsets.get(n);
      if (!entry) continue;
      const row = Buffer.alloc(7);
      row.writeUInt8(1, 0);
      row.writeUInt32BE(entry.offset, 1);
      row.writeUInt16BE(entry.generation, 5);
      rows.push(row);
    }
  }
  return { index, data: Buffer.concat(rows) };
}

/** PDF date string in Vietnam time (UTC+7, no daylight saving): D:YYYYMMDDHHmmSS+07'00'. */
export function pdfDate(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `D:${local.getUTCFullYear()}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}+07'00'`
  );
}
