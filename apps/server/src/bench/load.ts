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
}

function send(base: URL, r: LoadRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(r.path, base);
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    const req = http.request(url, { agent, method: r.method ?? 'GET', headers }, (res) => {
      const status = res.statusCode ?? 0;
      // Bodies are read only when the request failed (to report why); otherwise drained.
      if (status >= 200 && status < 400) {
        res.resume();
        res.on('end', () => resolve({ status, body: null }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
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
  options: { concurrency: number; total: number; warmup?: number },
): Promise<LoadResult> {
  const base = new URL(typeof target === 'string' ? target : target.base);
  const factory: RequestFactory =
    typeof target === 'string' ? () => ({ path: base.pathname + base.search }) : target.request;
  let firstError: string | null = null;
  const fail = (a: Answer | null, error?: unknown) => {
    firstError ??= a ? `HTTP ${a.status} ${a.body ?? ''}` : `lỗi kết nối: ${String(error)}`;
  };
  for (let i = 0; i < (options.warmup ?? 200); i++) {
    const a = await send(base, factory(i % options.concurrency, -1 - i)).catch((error: unknown) => {
      fail(null, error);
      return null;
    });
    if (a && (a.status < 200 || a.status >= 400)) fail(a);
  }
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = process.hrtime.bigint();
  const client = async (id: number) => {
    let n = 0;
    while (issued < options.total) {
      issued += 1;
      const request = factory(id, n++);
      const t0 = process.hrtime.bigint();
      const a = await send(base, request).catch((error: unknown) => {
        fail(null, error);
        return null;
      });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!a || a.status < 200 || a.status >= 400) {
        errors += 1;
        if (a) fail(a);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
    errors,
    firstError,
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
