import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { percentile, runLoad } from './load.js';

/**
 * The load tool's time to first byte (issue 4 §4): taken when the response headers arrive, not when the body
 * ends. A fake clock makes it exact: the server sends its headers, waits until the client has read the clock
 * (which a correct tool does on the headers), then moves the clock 100 ms and only then sends the body.
 */
describe('runLoad time to first byte', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    servers.length = 0;
  });

  async function slowBodyServer(clock: { ns: bigint; reads: number }) {
    const server = http.createServer((_req, res) => {
      clock.ns += 5_000_000n; // 5 ms pass before the headers
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      const readsBefore = clock.reads;
      const giveUpAt = Date.now() + 2_000; // a tool that never reads the clock on headers fails below, not hangs
      const finish = () => {
        if (clock.reads > readsBefore || Date.now() > giveUpAt) {
          clock.ns += 100_000_000n; // 100 ms pass between the headers and the body
          res.end('corps');
        } else setImmediate(finish);
      };
      finish();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    return `http://127.0.0.1:${address.port}/x`;
  }

  const fakeClock = () => {
    const clock = { ns: 0n, reads: 0 };
    const now = () => {
      clock.reads += 1;
      return clock.ns;
    };
    return { clock, now };
  };

  it('measures the time to the response headers apart from the whole answer', async () => {
    const { clock, now } = fakeClock();
    const url = await slowBodyServer(clock);
    const r = await runLoad(url, { concurrency: 1, total: 4, warmup: 0, ttfb: true, now });
    expect(r.errors).toBe(0);
    expect(r.requests).toBe(4);
    expect(r.ttfb).toEqual({ p50Ms: 5, p99Ms: 5 });
    expect(r.p50Ms).toBe(105);
    expect(r.p99Ms).toBe(105);
    expect(r.seconds).toBeCloseTo(0.42, 9);
  });

  it('leaves the other results as they were when TTFB is not asked for', async () => {
    const { clock, now } = fakeClock();
    const url = await slowBodyServer(clock);
    const r = await runLoad(url, { concurrency: 1, total: 3, warmup: 0, now });
    expect(r.ttfb).toBeUndefined();
    expect(r.p50Ms).toBe(105);
    expect(r.perSecond).toBeCloseTo(3 / 0.315, 6);
  });

  it('counts failed answers as errors and keeps the first one', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('bận');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const r = await runLoad(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, {
      concurrency: 2,
      total: 4,
      warmup: 0,
      ttfb: true,
    });
    expect(r.errors).toBe(4);
    expect(r.firstError).toBe('HTTP 503 bận');
    expect(r.ttfb).toBeDefined();
  });
});

describe('percentile', () => {
  it('is the nearest rank of the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(51);
    expect(percentile(values, 99)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});
