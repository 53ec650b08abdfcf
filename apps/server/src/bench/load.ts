import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function get(url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

/**
 * Closed-loop load: `concurrency` clients each send the next request when the previous answers,
 * until `total` requests are done. Bounded in count, loopback only.
 */
export async function runLoad(
  url: string,
  options: { concurrency: number; total: number; warmup?: number },
): Promise<LoadResult> {
  const target = new URL(url);
  for (let i = 0; i < (options.warmup ?? 200); i++) await get(target);
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = process.hrtime.bigint();
  const client = async () => {
    while (issued < options.total) {
      issued += 1;
      const t0 = process.hrtime.bigint();
      const status = await get(target).catch(() => 0);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status < 200 || status >= 400) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
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
