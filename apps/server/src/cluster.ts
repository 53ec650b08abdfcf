import cluster, { type Worker } from 'node:cluster';

/**
 * Several server processes on one machine (WORKERS > 1, PostgreSQL only): node:cluster forks `count` workers that
 * share the listening port; the app is stateless (sessions, jobs, files and caches of record are in PostgreSQL
 * and the file store), so any worker may serve any request, as any node behind a load balancer may.
 * Per-process state that is NOT shared, and what it means: the rate limits count per worker (a limit of 10 per
 * minute lets up to 10 × WORKERS through one machine) and the statistics cache is per worker; the queue board's
 * live events cross workers through PostgreSQL LISTEN/NOTIFY (queue.events.ts).
 * A worker that dies is replaced after a second; SIGTERM/SIGINT stop the workers, then the primary.
 */
export function startCluster(count: number, onAllListening: () => void): void {
  let listening = 0;
  let stopping = false;
  const fork = () => cluster.fork({ SAOLA_WORKER: '1' });
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) onAllListening();
  });
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Tiến trình ${worker.process.pid} dừng (${signal ?? code}); khởi động tiến trình thay thế.`);
    setTimeout(fork, 1000).unref();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < count; i++) fork();
}
