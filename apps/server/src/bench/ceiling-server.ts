import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { buildCeiling } from './ceiling.js';

/**
 * The bench's PostgreSQL ceiling in its own processes (`npm run bench -- --workers N`): the same bare Fastify
 * route as in-process (ceiling.ts), forked into CEILING_WORKERS processes sharing PORT, so that the app measured
 * with WORKERS=N is compared with a ceiling of as many processes. Codes come from CEILING_CODES_FILE (one per line).
 */
const workers = Number(process.env.CEILING_WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  });
} else {
  const codes = readFileSync(String(process.env.CEILING_CODES_FILE), 'utf8').split('\n').filter(Boolean);
  const ceiling = await buildCeiling(
    String(process.env.CEILING_DATABASE_URL),
    Number(process.env.CEILING_POOL ?? 10),
    codes,
  );
  await ceiling.app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    ceiling.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
