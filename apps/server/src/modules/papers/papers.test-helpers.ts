import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler-utils tool (pdftotext, pdfinfo, pdffonts, pdfimages) on a PDF held in memory. */
export function poppler(
  tool: 'pdftotext' | 'pdfinfo' | 'pdffonts' | 'pdfimages',
  pdf: Buffer,
  args: string[] = [],
): string {
  const dir = mkdtempSync(join(tmpdir(), 'saola-papers-'));
  try {
    const file = join(dir, 'paper.pdf');
    writeFileSync(file, pdf);
    const tail = tool === 'pdftotext' ? [file, '-'] : [file];
    return execFileSync(tool, [...args, ...tail], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text with whitespace collapsed (lines wrap wherever the layout puts them). */
export function pdfText(pdf: Buffer): string {
  return poppler('pdftotext', pdf, ['-enc', 'UTF-8']).normalize('NFC').replace(/\s+/g, ' ');
}

export function pdfPages(pdf: Buffer): { pages: number; size: string } {
  const info = poppler('pdfinfo', pdf);
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0),
    size: /^Page size:\s+(.+)$/m.exec(info)?.[1]?.trim() ?? '',
  };
}
