import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

/**
 * The bare Fastify ceiling: GET /ceiling?i=n selects one dossier by its (unique, indexed) code. The ceiling of the
 * one-stop scenarios (onestop.ts) and of the citizen-side scenarios on PostgreSQL (eservices.ts).
 */
export async function buildCeiling(databaseUrl: string, poolSize: number, codes: string[]) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on('error', () => undefined); // an idle connection closed by the server is replaced on the next query
  const app: FastifyInstance = Fastify({ logger: false });
  app.get<{ Querystring: { i?: string } }>('/ceiling', async (request) => {
    const code = codes[Number(request.query.i ?? 0) % codes.length];
    const r = await pool.query('select id, code, status, due_at from dossiers where code = $1', [code]);
    return r.rows[0] ?? null;
  });
  return {
    app,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

export interface Served {
  base: string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for servers started in child processes). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until GET `url` answers 2xx, or fails after `timeoutMs` (or when the child exits). */
export async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Tiến trình dừng khi khởi động (mã ${child.exitCode}).`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} không sẵn sàng sau ${timeoutMs / 1000} giây.`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The ceiling, in this process (processes = 1) or in `processes` processes of its own (ceiling-server.ts). */
export async function startCeiling(
  databaseUrl: string,
  poolSize: number,
  codes: string[],
  processes = 1,
): Promise<Served> {
  if (processes <= 1) {
    const ceiling = await buildCeiling(databaseUrl, poolSize, codes);
    await ceiling.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ceiling.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    return { base: `http://127.0.0.1:${address.port}`, close: () => ceiling.close() };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'saola-ceiling-'));
  const codesFile = path.join(dir, 'codes.txt');
  writeFileSync(codesFile, codes.join('\n'));
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('./ceiling-server.js', import.meta.url).pathname], {
    env: {
      ...process.env,
      PORT: String(port),
      CEILING_WORKERS: String(processes),
      CEILING_DATABASE_URL: databaseUrl,
      CEILING_POOL: String(poolSize),
      CEILING_CODES_FILE: codesFile,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${base}/ceiling?i=0`, child);
  } catch (error) {
    await close();
    throw error;
  }
  return { base, close };
}
