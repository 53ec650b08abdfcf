import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { placeDateLine, upperVi } from './vn-format.js';
import type { PaperAgency } from './papers.types.js';

/**
 * A small layout helper over pdfkit for A4 administrative papers, following the presentation rules of
 * Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính):
 * - mục I.2: A4 (210 × 297 mm); margins top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
 * - mục I.3: Times New Roman style font, body 13–14 pt;
 * - mục II.1–II.3: national motto block top right, issuing agency top left, number under the agency,
 *   place and date line in italics under the motto;
 * - mục II.7–II.8: signer's title in bold capitals, name in bold, "Nơi nhận" bottom left.
 *
 * The font is Tinos (metric-compatible with Times New Roman, full Vietnamese coverage, SIL OFL 1.1), shipped in
 * apps/server/assets/fonts and resolved relative to this module so it works from src (tsx/vitest) and dist alike.
 * Nothing depends on the fonts installed on the machine.
 */

const MM = 72 / 25.4;

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Margins in points (top 20 mm, bottom 20 mm, left 30 mm, right 15 mm: the lower bounds of mục I.2). */
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } as const;

const FONT_FILES = {
  regular: 'Tinos_400Regular.ttf',
  bold: 'Tinos_700Bold.ttf',
  italic: 'Tinos_400Regular_Italic.ttf',
  boldItalic: 'Tinos_700Bold_Italic.ttf',
} as const;

export type FontStyle = keyof typeof FONT_FILES;

/** From src/modules/papers and from dist/modules/papers alike, ../../../ is apps/server. */
const FONT_DIR = new URL('../../../assets/fonts/', import.meta.url);

const fontCache = new Map<FontStyle, Buffer>();

function fontBytes(style: FontStyle): Buffer {
  let bytes = fontCache.get(style);
  if (!bytes) {
    bytes = readFileSync(new URL(FONT_FILES[style], FONT_DIR));
    fontCache.set(style, bytes);
  }
  return bytes;
}

/** Fixed instant written as CreationDate when `deterministic` is set (the file ID is derived from the info). */
const DETERMINISTIC_DATE = new Date('2025-01-01T00:00:00Z');

export interface PdfFormOptions {
  title: string;
  subject?: string | undefined;
  /** Same input → byte-identical output (fixed CreationDate and therefore a fixed file ID). */
  deterministic?: boolean | undefined;
}

export interface HeaderOptions {
  agency: PaperAgency;
  /** "15/TTPVHCC" → "Số: 15/TTPVHCC"; a dotted placeholder when absent. */
  number?: string | undefined;
  issuedAt: Date;
  /** Short abstract under the number for letters ("V/v …", Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.4). */
  about?: string | undefined;
}

export interface TableColumn {
  header: string;
  /** Share of the content width; the shares are normalised. */
  width: number;
  align?: 'left' | 'center' | 'right' | undefined;
}

export interface SignatureBlock {
  /** Bold capitals; may hold a line break (e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"). */
  title: string;
  /** Italic note under the title, e.g. "(Ký và ghi rõ họ tên)". */
  note?: string | undefined;
  name?: string | undefined;
}

export const BODY_SIZE = 13;
const SMALL_SIZE = 12;
const LINE_GAP = 2;

export class PdfForm {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(options: PdfFormOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGINS,
      autoFirstPage: true,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: options.title,
        ...(options.subject ? { Subject: options.subject } : {}),
        Producer: 'Saola',
        Creator: 'Saola',
        ...(options.deterministic ? { CreationDate: DETERMINISTIC_DATE } : {}),
      },
    });
    for (const style of Object.keys(FONT_FILES) as FontStyle[]) this.doc.registerFont(style, fontBytes(style));
    this.doc.font('regular').fontSize(BODY_SIZE);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get left(): number {
    return MARGINS.left;
  }

  get contentWidth(): number {
    return A4.width - MARGINS.left - MARGINS.right;
  }

  get bottom(): number {
    return A4.height - MARGINS.bottom;
  }

  use(style: FontStyle, size = BODY_SIZE): this {
    this.doc.font(style).fontSize(size);
    return this;
  }

  /** Adds a page when fewer than `height` points remain. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  moveDown(lines = 0.5): this {
    this.doc.moveDown(lines);
    return this;
  }

  /** Agency (left) and national motto (right) block, number and place-date line. */
  header(h: HeaderOptions): this {
    const doc = this.doc;
    const top = MARGINS.top;
    const motto = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const slogan = 'Độc lập - Tự do - Hạnh phúc';
    this.use('bold', SMALL_SIZE);
    const rightWidth = Math.max(doc.widthOfString(motto) + 6, 250);
    const gap = 6;
    const leftWidth = this.contentWidth - rightWidth - gap;
    const leftX = this.left;
    const rightX = this.left + leftWidth + gap;

    // Left: governing body (regular capitals), agency (bold capitals), short rule.
    let y = top;
    if (h.agency.parentName) {
      this.use('regular', SMALL_SIZE);
      doc.text(upperVi(h.agency.parentName), leftX, y, { width: leftWidth, align: 'center', lineGap: 0 });
      y = doc.y;
    }
    this.use('bold', SMALL_SIZE);
    doc.text(upperVi(h.agency.name), leftX, y, { width: leftWidth, align: 'center', lineGap: 0 });
    y = doc.y + 3;
    const ruleWidth = leftWidth / 3;
    doc
      .moveTo(leftX + (leftWidth - ruleWidth) / 2, y)
      .lineTo(leftX + (leftWidth + ruleWidth) / 2, y)
      .lineWidth(0.6)
      .stroke();
    let leftBottom = y + 6;

    // Right: motto (bold capitals 12), slogan (bold 13) underlined by a rule as long as the slogan.
    this.use('bold', SMALL_SIZE);
    doc.text(motto, rightX, top, { width: rightWidth, align: 'center', lineGap: 0 });
    this.use('bold', BODY_SIZE);
    doc.text(slogan, rightX, doc.y, { width: rightWidth, align: 'center', lineGap: 0 });
    const sloganWidth = doc.widthOfString(slogan);
    const ry = doc.y + 2;
    doc
      .moveTo(rightX + (rightWidth - sloganWidth) / 2, ry)
      .lineTo(rightX + (rightWidth + sloganWidth) / 2, ry)
      .lineWidth(0.6)
      .stroke();
    let rightBottom = ry + 6;

    // Number (left) and place-date line (right) on the same row.
    const rowY = Math.max(leftBottom, rightBottom);
    this.use('regular', BODY_SIZE);
    doc.text(`Số: ${h.number ?? '........../..........'}`, leftX, rowY, { width: leftWidth, align: 'center' });
    if (h.about) {
      this.use('regular', SMALL_SIZE);
      doc.text(h.about, leftX, doc.y + 2, { width: leftWidth, align: 'center' });
    }
    leftBottom = doc.y;
    this.use('italic', BODY_SIZE);
    const place = h.agency.placeName ?? h.agency.provinceName;
    doc.text(placeDateLine(place, h.issuedAt), rightX, rowY, { width: rightWidth, align: 'center' });
    rightBottom = doc.y;

    doc.x = this.left;
    doc.y = Math.max(leftBottom, rightBottom) + 14;
    this.use('regular');
    return this;
  }

  /** Paper name: bold capitals 14 pt, centred; optional lines under it (bold 13). */
  title(text: string, ...sublines: string[]): this {
    this.use('bold', 14);
    this.doc.text(upperVi(text), this.left, this.doc.y, { width: this.contentWidth, align: 'center' });
    for (const line of sublines) {
      this.use('bold', BODY_SIZE);
      this.doc.text(line, { width: this.contentWidth, align: 'center' });
    }
    this.doc.moveDown(0.6);
    this.use('regular');
    return this;
  }

  /** Centred italic line, e.g. "(Liên: Lưu / Giao người nộp hồ sơ)". */
  centeredNote(text: string): this {
    this.use('italic', BODY_SIZE);
    this.doc.text(text, this.left, this.doc.y, { width: this.contentWidth, align: 'center' });
    this.use('regular');
    return this;
  }

  /** A justified paragraph; `indent` is the first-line indent (mục II.6.b: 1–1.27 cm). */
  paragraph(text: string, opts: { indent?: boolean; style?: FontStyle; align?: 'left' | 'justify' } = {}): this {
    this.use(opts.style ?? 'regular');
    this.doc.text(text, this.left, this.doc.y, {
      width: this.contentWidth,
      align: opts.align ?? 'justify',
      indent: opts.indent === false ? 0 : 10 * MM,
      lineGap: LINE_GAP,
      paragraphGap: 3,
    });
    return this;
  }

  /** "Label: value" with the value in bold; wraps under the label. */
  field(label: string, value: string | undefined, opts: { indent?: number } = {}): this {
    const x = this.left + (opts.indent ?? 0);
    const width = this.contentWidth - (opts.indent ?? 0);
    this.use('regular');
    this.doc.text(`${label}: `, x, this.doc.y, { width, continued: true, lineGap: LINE_GAP });
    this.use('bold');
    this.doc.text(value && value.length > 0 ? value : '....................', { lineGap: LINE_GAP, paragraphGap: 2 });
    this.use('regular');
    this.doc.x = this.left;
    return this;
  }

  /** Bulleted or numbered lines, indented. */
  list(items: string[], marker: (i: number) => string = () => '-'): this {
    this.use('regular');
    items.forEach((item, i) => {
      this.doc.text(`${marker(i)} ${item}`, this.left + 8 * MM, this.doc.y, {
        width: this.contentWidth - 8 * MM,
        align: 'justify',
        lineGap: LINE_GAP,
        paragraphGap: 2,
      });
    });
    this.doc.x = this.left;
    return this;
  }

  /** A bordered table; rows that do not fit go to the next page under a repeated header. */
  table(columns: TableColumn[], rows: string[][], size = SMALL_SIZE): this {
    const doc = this.doc;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.contentWidth);
    const pad = 4;

    const rowHeight = (cells: string[], style: FontStyle): number => {
      this.use(style, size);
      return Math.max(
        ...cells.map(
          (cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * pad, lineGap: 1 }) + 2 * pad,
        ),
      );
    };
    const drawRow = (cells: string[], style: FontStyle, aligns: ('left' | 'center' | 'right')[]): void => {
      const h = rowHeight(cells, style);
      const y = doc.y;
      let x = this.left;
      this.use(style, size);
      cells.forEach((cell, i) => {
        const w = widths[i] ?? 0;
        doc.rect(x, y, w, h).lineWidth(0.6).stroke();
        doc.text(cell, x + pad, y + pad, { width: w - 2 * pad, align: aligns[i] ?? 'left', lineGap: 1 });
        x += w;
      });
      doc.x = this.left;
      doc.y = y + h;
    };

    const headerCells = columns.map((c) => c.header);
    const headerAligns = columns.map(() => 'center' as const);
    const bodyAligns = columns.map((c) => c.align ?? 'left');
    this.ensureSpace(rowHeight(headerCells, 'bold') + (rows[0] ? rowHeight(rows[0], 'regular') : 0));
    drawRow(headerCells, 'bold', headerAligns);
    for (const row of rows) {
      const h = rowHeight(row, 'regular');
      if (doc.y + h > this.bottom) {
        doc.addPage();
        drawRow(headerCells, 'bold', headerAligns);
      }
      drawRow(row, 'regular', bodyAligns);
    }
    doc.moveDown(0.5);
    this.use('regular');
    return this;
  }

  /** An image with a short caption to its right, e.g. a QR code. */
  imageWithCaption(image: Buffer, size: number, caption: string): this {
    this.ensureSpace(size + 8);
    const y = this.doc.y + 4;
    this.doc.image(image, this.left, y, { width: size, height: size });
    this.use('italic', SMALL_SIZE);
    this.doc.text(caption, this.left + size + 10, y + 4, { width: this.contentWidth - size - 10 });
    this.doc.x = this.left;
    this.doc.y = Math.max(this.doc.y, y + size) + 6;
    this.use('regular');
    return this;
  }

  /**
   * Signature blocks (mục II.7): one block sits in the right half, two share the page.
   * `recipients` ("Nơi nhận", mục II.8) is printed in the left half beside a single block.
   */
  signatures(blocks: SignatureBlock[], recipients?: string[]): this {
    const doc = this.doc;
    const half = this.contentWidth / 2;
    const blockHeight = 120;
    this.ensureSpace(blockHeight);
    const y = doc.y + 8;
    let bottomY = y;
    const slots = blocks.length === 1 ? [this.left + half] : blocks.map((_, i) => this.left + i * half);
    blocks.forEach((b, i) => {
      const x = slots[i] ?? this.left + half;
      this.use('bold', BODY_SIZE);
      doc.text(upperVi(b.title), x, y, { width: half, align: 'center' });
      if (b.note) {
        this.use('italic', BODY_SIZE);
        doc.text(b.note, x, doc.y, { width: half, align: 'center' });
      }
      const nameY = doc.y + 62;
      if (b.name) {
        this.use('bold', BODY_SIZE);
        doc.text(b.name, x, nameY, { width: half, align: 'center' });
      }
      bottomY = Math.max(bottomY, b.name ? doc.y : nameY);
    });
    if (recipients && recipients.length > 0 && blocks.length === 1) {
      this.use('boldItalic', SMALL_SIZE);
      doc.text('Nơi nhận:', this.left, y, { width: half - 10 });
      this.use('regular', 11);
      recipients.forEach((r, i) => {
        doc.text(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`, this.left, doc.y, { width: half - 10 });
      });
      bottomY = Math.max(bottomY, doc.y);
    }
    doc.x = this.left;
    doc.y = bottomY + 6;
    this.use('regular');
    return this;
  }

  async toBuffer(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
