import pg from 'pg';

/**
 * Command-line options of the bench tools: `--name value`, `--name=value`, and `--flag` (true).
 * Unknown names are kept; numbers stay strings until the caller converts them.
 */
export function parseArgs(
  argv: string[],
  defaults: Record<string, string | number | boolean>,
): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`Tham số không hợp lệ: ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      out[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[arg.slice(2)] = next;
      i++;
    } else out[arg.slice(2)] = true;
  }
  return out;
}

function adminUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Tên cơ sở dữ liệu không hợp lệ: "${name}"`);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

/** Creates the PostgreSQL database of `url` when it does not exist yet (through the `postgres` database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { admin, name } = adminUrl(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database ${name}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Drops the PostgreSQL database of `url` (throwaway databases of the smoke run only). */
export async function dropDatabase(url: string): Promise<void> {
  const { admin, name } = adminUrl(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
