import PDFDocument from 'pdfkit';

/**
 * A real one-page PDF carrying `text` (made with pdfkit), standing in for a scanned paper in the demo seed, the bench
 * and the tests. Default: a small 200×120 pt page, about 1 KB.
 */
export function samplePdf(
  text: string,
  page: { size: [number, number] | 'A4'; margin: number } = { size: [200, 120], margin: 10 },
): Promise<Buffer> {
  const doc = new PDFDocument({ size: page.size, margin: page.margin });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}
