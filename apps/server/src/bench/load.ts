import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Status and start of the body of the first failed request (smoke runs print it). */
  firstError: string | null;
  /** Time to first byte — from sending the request to receiving the response headers — when asked (`ttfb`). */
  ttfb?: { p50Ms: number; p99Ms: number };
  /** Every request's latency, ascending (to merge runs: mergeLoads). */
  latenciesMs: readonly number[];
}

export interface LoadOptions {
  concurrency: number;
  total: number;
  warmup?: number;
  /** Also measure the time to the response headers (TTFB); the other results are unchanged. */
  ttfb?: boolean;
  /** Monotonic clock in nanoseconds (tests pass a fake one); default process.hrtime.bigint. */
  now?: () => bigint;
}

/** One request of a scenario: path (with query) on the target's base URL. */
export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** Builds the request that `client` (0 … concurrency-1) sends as its `n`-th request. */
export type RequestFactory = (client: number, n: number) => LoadRequest;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  body: string | null;
  /** Clock reading when the status line and headers were parsed. */
  headersAt: bigint;
}

/** The p-th percentile (nearest rank, as every figure of the bench) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function send(base: URL, r: LoadRequest, now: () => bigint): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(r.path, base);
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    const req = http.request(url, { agent, method: r.method ?? 'GET', headers }, (res) => {
      // Called once the status line and headers are in: the time to first byte ends here.
      const headersAt = now();
      const status = res.statusCode ?? 0;
      // Bodies are read only when the request failed (to report why); otherwise drained.
      if (status >= 200 && status < 400) {
        res.resume();
        res.on('end', () => resolve({ status, body: null, headersAt }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8').slice(0, 300), headersAt }));
    });
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/**
 * Closed-loop load: `concurrency` clients each send the next request when the previous answers,
 * until `total` requests are done. Bounded in count, loopback only. `target` is a URL (every request the
 * same GET) or a base URL with a request factory (per-client sessions, bodies, fresh Idempotency-Keys).
 */
export async function runLoad(
  target: string | { base: string; request: RequestFactory },
  options: LoadOptions,
): Promise<LoadResult> {
  const now = options.now ?? (() => process.hrtime.bigint());
  const base = new URL(typeof target === 'string' ? target : target.base);
  const factory: RequestFactory =
    typeof target === 'string' ? () => ({ path: base.pathname + base.search }) : target.request;
  let firstError: string | null = null;
  const fail = (a: Answer | null, error?: unknown) => {
    firstError ??= a ? `HTTP ${a.status} ${a.body ?? ''}` : `lỗi kết nối: ${String(error)}`;
  };
  for (let i = 0; i < (options.warmup ?? 200); i++) {
    const a = await send(base, factory(i % options.concurrency, -1 - i), now).catch((error: unknown) => {
      fail(null, error);
      return null;
    });
    if (a && (a.status < 200 || a.status >= 400)) fail(a);
  }
  const latencies: number[] = [];
  const ttfbs: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = now();
  const client = async (id: number) => {
    let n = 0;
    while (issued < options.total) {
      issued += 1;
      const request = factory(id, n++);
      const t0 = now();
      const a = await send(base, request, now).catch((error: unknown) => {
        fail(null, error);
        return null;
      });
      latencies.push(Number(now() - t0) / 1e6);
      if (options.ttfb && a) ttfbs.push(Number(a.headersAt - t0) / 1e6);
      if (!a || a.status < 200 || a.status >= 400) {
        errors += 1;
        if (a) fail(a);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  const seconds = Number(now() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  ttfbs.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    firstError,
    latenciesMs: latencies,
    ...(options.ttfb ? { ttfb: { p50Ms: percentile(ttfbs, 50), p99Ms: percentile(ttfbs, 99) } } : {}),
  };
}

/** Several runs of one scenario as one: throughput over their summed time, percentiles over all requests. */
export function mergeLoads(runs: readonly LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  return {
    requests,
    seconds,
    perSecond: seconds > 0 ? requests / seconds : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    firstError: runs.find((r) => r.firstError !== null)?.firstError ?? null,
    latenciesMs: latencies,
  };
}

/** The ceiling: a bare Node HTTP server answering a fixed JSON body of the same size. */
export async function startCeilingServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
