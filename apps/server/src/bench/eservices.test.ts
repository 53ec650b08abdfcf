import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageWeight, stylesheetHrefs } from './eservices.js';

/** The page-weight measure of the portal target (issue 4 §4: ≤ 30 KB compressed HTML + CSS). */
describe('stylesheetHrefs', () => {
  it('finds the stylesheets a page links, in order, and nothing else', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="/favicon.ico">
      <link rel="stylesheet" href="/assets/portal.css?v=abc&amp;x=1" />
      <link href='/in.css' rel='preload stylesheet'>
      <LINK REL=stylesheet HREF=/bare.css>
      <link rel="preload" href="/font.woff2" as="font">
      <link rel="stylesheet">
    </head><body><a href="/not.css">x</a></body></html>`;
    expect(stylesheetHrefs(html)).toEqual(['/assets/portal.css?v=abc&x=1', '/in.css', '/bare.css']);
    expect(stylesheetHrefs('<p>không có</p>')).toEqual([]);
  });
});

describe('pageWeight', () => {
  const css = {
    '/a.css': `body { font-family: sans-serif; }\n${'.o { margin: 0 }\n'.repeat(200)}`,
    '/b.css?v=1': 'h1 { font-size: 2rem }',
  };
  const page = (links: string[]) =>
    `<!doctype html><html lang="vi"><head><title>Thủ tục</title>${links
      .map((l) => `<link rel="stylesheet" href="${l}">`)
      .join('')}</head><body>${'<p>Đăng ký khai sinh</p>'.repeat(50)}</body></html>`;
  const pages: Record<string, string> = {
    '/thu-tuc': page(['/a.css', '/b.css?v=1']),
    '/broken': page(['/missing.css']),
  };
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? '';
      const body = pages[url] ?? css[url as keyof typeof css];
      if (body === undefined) {
        res.writeHead(404).end('không có');
        return;
      }
      res.writeHead(200, { 'content-type': url.includes('.css') ? 'text/css' : 'text/html; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  it('adds the gzip size of the HTML and of every stylesheet it links', async () => {
    const w = await pageWeight(`${base}/thu-tuc`);
    const html = Buffer.from(pages['/thu-tuc'] as string, 'utf8');
    expect(w.htmlBytes).toBe(html.length);
    expect(w.htmlGzip).toBe(gzipSync(html).length);
    expect(w.htmlGzip).toBeLessThan(w.htmlBytes);
    expect(w.stylesheets.map((s) => [s.url, s.bytes])).toEqual([
      [`${base}/a.css`, css['/a.css'].length],
      [`${base}/b.css?v=1`, css['/b.css?v=1'].length],
    ]);
    expect(w.stylesheets[0]?.gzip).toBe(gzipSync(css['/a.css']).length);
    expect(w.totalGzip).toBe(w.htmlGzip + gzipSync(css['/a.css']).length + gzipSync(css['/b.css?v=1']).length);
  });

  it('fails when the page or a stylesheet it links does not answer 200', async () => {
    await expect(pageWeight(`${base}/broken`)).rejects.toThrow(/missing\.css: HTTP 404/);
    await expect(pageWeight(`${base}/khong-co`)).rejects.toThrow(/HTTP 404/);
  });
});
