/**
 * Browser-test harness: starts the BUILT product (node apps/server/dist/main.js) on a fresh
 * embedded database and a free port, drives Debian's chromium through playwright-core, and tears
 * everything down. One product per test file:
 *
 *   let product: Product;
 *   before(async () => { product = await startProduct(); });
 *   after(async () => product?.stop());
 *
 * Run: `npm run build && npx tsx --test e2e/*.test.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = path.join(REPO_ROOT, 'apps/server/dist/main.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 120_000;

export interface PageOptions {
  /** false = a visitor with JavaScript turned off (the portal must still work). Default true. */
  javaScriptEnabled?: boolean;
  /** Ignore the page's CSP (only for injecting test tooling such as axe-core). Default false. */
  bypassCSP?: boolean;
  /** Viewport; default 1280×800. */
  viewport?: { width: number; height: number };
}

export interface Product {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** The product's DATA_DIR (embedded database, outbox.log, files); removed by stop(). */
  dataDir: string;
  browser: Browser;
  /** A page in a fresh browser context (own cookies) whose relative URLs resolve against baseUrl. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Everything the server wrote to stdout/stderr so far (for failure messages). */
  serverOutput(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server (e.g. SMTP_URL, OIDC_ISSUER). */
  env?: Record<string, string>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Máy chủ dừng khi khởi động (mã ${child.exitCode ?? child.signalCode}).\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const body = (await res.json()) as { status?: string };
        if (body.status === 'ok') return;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`Máy chủ không sẵn sàng sau ${START_TIMEOUT_MS / 1000} giây.\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Starts the built server (fresh DATA_DIR, free port, demo data) and a headless chromium. */
export async function startProduct(options: StartOptions = {}): Promise<Product> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`Chưa có bản build của máy chủ (${SERVER_ENTRY}). Hãy chạy "npm run build" trước.`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'saola-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      TZ: 'Asia/Ho_Chi_Minh',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Never leave a server behind if the test process dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const contexts: BrowserContext[] = [];
  let browser: Browser | null = null;
  const stop = async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    if (browser) await browser.close().catch(() => undefined);
    browser = null;
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    if (process.env.E2E_KEEP_DATA !== '1') await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => output);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await stop();
    throw error;
  }
  const launched = browser;

  return {
    baseUrl,
    dataDir,
    browser: launched,
    async newPage(pageOptions: PageOptions = {}) {
      const context = await launched.newContext({
        baseURL: baseUrl,
        javaScriptEnabled: pageOptions.javaScriptEnabled ?? true,
        bypassCSP: pageOptions.bypassCSP ?? false,
        viewport: pageOptions.viewport ?? { width: 1280, height: 800 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      contexts.push(context);
      return context.newPage();
    },
    serverOutput: () => output,
    stop,
  };
}

/**
 * One rendered message, as the notifications module writes it to `${DATA_DIR}/outbox.log` outside
 * production (see apps/server/src/modules/notifications/notifications.transports.ts, devLog).
 */
export interface OutboxMessage {
  id: string;
  /** 'email' or 'sms'. */
  channel: string;
  /** E-mail address or phone number. */
  to: string;
  template: string;
  subject: string | null;
  text: string;
  /** ISO instant. */
  at: string;
}

/** Every message in the outbox so far (one JSON object per line), oldest first; [] if none yet. */
export async function readOutbox(dataDir: string): Promise<OutboxMessage[]> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'outbox.log'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OutboxMessage);
}

/**
 * Waits until a message matching `predicate` is in the outbox (sending runs from a background
 * job, so it lands shortly after the request) and returns the newest match.
 */
export async function waitForOutbox(
  dataDir: string,
  predicate: (message: OutboxMessage) => boolean,
  timeoutMs = 15_000,
): Promise<OutboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = (await readOutbox(dataDir)).filter(predicate).at(-1);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`Không thấy thư/tin nhắn mong đợi trong outbox sau ${timeoutMs} ms.`);
    await sleep(200);
  }
}

/** The one-time code in a message: the first run of exactly 6 digits in its text. */
export function otpCodeIn(message: OutboxMessage): string {
  const match = /(?<!\d)(\d{6})(?!\d)/.exec(message.text);
  if (!match?.[1]) throw new Error(`Không có mã 6 chữ số trong tin: ${JSON.stringify(message)}`);
  return match[1];
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns serious and critical
 * violations. The page's strict CSP forbids injected scripts: open it with
 * `product.newPage({ bypassCSP: true })` (JavaScript on) before calling this.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Opens `url` (relative to the product) with axe and throws listing every serious/critical violation. The page must
 * answer `status` (default: any 2xx; a form page in its error state answers 400).
 */
export async function assertAccessible(product: Product, url: string, status?: number): Promise<void> {
  const page = await product.newPage({ bypassCSP: true });
  try {
    const response = await page.goto(url);
    const expected = status === undefined ? response?.ok() : response?.status() === status;
    if (!expected) throw new Error(`${url} trả về ${response?.status() ?? 'không có phản hồi'}`);
    const violations = await axeViolations(page);
    if (violations.length > 0) {
      const lines = violations.map(
        (v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n    ${v.targets.slice(0, 5).join('\n    ')}`,
      );
      throw new Error(`Vi phạm khả năng tiếp cận nghiêm trọng trên ${url}:\n${lines.join('\n')}`);
    }
  } finally {
    await page.context().close();
  }
}

/** A small but valid one-page PDF (what a scanner would give), built by hand with a correct xref table. */
export function smallPdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
