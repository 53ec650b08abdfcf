import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import type { Served } from './ceiling.js';

/**
 * The reception's floor (`npm run bench -- --only floor`): what the counter reception's writes cost on this
 * machine with no application around them. A bare Fastify route, like the ceiling's, that reads the caller's
 * session and then makes, in ONE statement and one round trip, every row a reception must make durable: the
 * day's code number, the dossier (a copy of a dossier of the caller's commune, so with all of its indexes
 * and triggers), its first event, an audit row on the commune's chain, the notification's job and outbox row,
 * and the idempotency record. Nothing is validated, no deadline computed, no audit hash chained for real.
 *
 * No real reception can beat it, so its ratio to the ceiling bounds the reception target (issue 3 §7: ≥ 25 %)
 * on the machine it runs on. docs/performance.md gives the figures.
 *
 * The audit rows and chain heads go to scratch copies of audit_log and audit_chains (same columns, indexes and
 * constraints; created empty, so a little cheaper): the real ones are append-only. Everything the floor wrote
 * is removed by `cleanup`, which also runs first in case an earlier run stopped half-way.
 */
const CODE_PREFIX = '999.99.';
const FLOOR_DAY = '991231';

/** Agency code of the floor's client `i`: a reserved prefix no real agency has (QĐ 20/2020 codes start 000). */
const floorAgencyCode = (i: number) => `${CODE_PREFIX}${String(i % 100).padStart(2, '0')}.Z99`;

export interface FloorClient {
  /** Token hash of a live session (what the auth hook selects). */
  tokenHash: string;
  /** A dossier of the client's commune, copied for each reception. */
  templateId: string;
  agencyId: string;
}

async function dossierColumns(pool: pg.Pool): Promise<string[]> {
  const r = await pool.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'dossiers' and column_name not in ('id', 'code')
      order by ordinal_position`,
  );
  return r.rows.map((c) => c.column_name);
}

/** Removes every row the floor wrote and its scratch tables. */
export async function cleanupFloor(pool: pg.Pool): Promise<void> {
  await pool.query(
    `delete from dossier_events where dossier_id in (select id from dossiers where code like '${CODE_PREFIX}%')`,
  );
  await pool.query(`delete from dossiers where code like '${CODE_PREFIX}%'`);
  await pool.query(`delete from notification_outbox where template_code = 'bench.floor'`);
  await pool.query(`delete from jobs where queue = 'bench.floor'`);
  await pool.query(`delete from idempotency_keys where scope = 'bench:floor'`);
  await pool.query(`delete from dossier_code_sequences where agency_code like '${CODE_PREFIX}%'`);
  await pool.query('drop table if exists bench_floor_audit, bench_floor_chains');
  await pool.query('drop sequence if exists bench_floor_seq');
}

/** The clients of the floor: the bench officers' sessions and one dossier of each officer's commune. */
export async function floorClients(pool: pg.Pool, agencyIds: readonly string[]): Promise<FloorClient[]> {
  const r = await pool.query<FloorClient>(
    `select a.id as "agencyId", s.token_hash as "tokenHash", d.id as "templateId"
       from unnest($1::uuid[]) with ordinality as a (id, n)
       cross join lateral (
         select s.token_hash from sessions s join users u on u.id = s.subject_id
          where u.agency_id = a.id and s.revoked_at is null and s.expires_at > now()
          order by s.created_at desc limit 1) s
       cross join lateral (
         select id from dossiers
          where current_agency_id = a.id and receiving_agency_id = a.id and status = 'received' limit 1) d
      order by a.n`,
    [[...agencyIds]],
  );
  return r.rows;
}

/** Starts the floor's server (POST /floor/reception, header x-client: the client's number). */
export async function startReceptionFloor(
  databaseUrl: string,
  poolSize: number,
  agencyIds: readonly string[],
): Promise<Served & { clients: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on('error', () => undefined);
  await cleanupFloor(pool);
  await pool.query('create table bench_floor_audit (like audit_log including all)');
  await pool.query('create table bench_floor_chains (like audit_chains including all)');
  await pool.query('create sequence bench_floor_seq');
  const clients = await floorClients(pool, agencyIds);
  const columns = await dossierColumns(pool);
  const text = `
    with s as (
      insert into dossier_code_sequences (agency_code, day, last_seq) values ($4, date '2099-12-31', 1)
      on conflict (agency_code, day) do update set last_seq = dossier_code_sequences.last_seq + 1, updated_at = now()
      returning last_seq),
    d as (
      insert into dossiers (id, code, ${columns.join(', ')})
      select $1::uuid, $4 || '-${FLOOR_DAY}-' || lpad(s.last_seq::text, 4, '0'), ${columns.map((c) => `x.${c}`).join(', ')}
        from dossiers x, s where x.id = $3::uuid
      returning id, code, current_agency_id),
    e as (
      insert into dossier_events (id, dossier_id, seq, action, to_status, at, actor_name, agency_id, data)
      select $2::uuid, d.id, 1, 'receive', 'received', now(), 'Cán bộ đo sàn', d.current_agency_id, '{"channel":"counter"}'
        from d),
    h as (
      insert into bench_floor_chains (chain_key, seq, hash) select d.current_agency_id::text, 1, $5 from d
      on conflict (chain_key) do update set seq = bench_floor_chains.seq + 1, hash = excluded.hash, updated_at = now()
      returning seq, chain_key),
    a as (
      insert into bench_floor_audit (id, seq, at, actor_kind, actor_name, action, entity_type, entity_id, agency_id,
                                     after, prev_hash, hash, chain_key, chain_seq)
      select $2::uuid, nextval('bench_floor_seq'), now(), 'staff', 'Cán bộ đo sàn', 'dossier.receive', 'dossier',
             d.id::text, d.current_agency_id, jsonb_build_object('code', d.code), $6, $5, h.chain_key, h.seq
        from d, h),
    j as (insert into jobs (queue, payload) values ('bench.floor', '{}') returning id),
    o as (
      insert into notification_outbox (channel, recipient, template_code, template_version, data, body, job_id)
      select 'sms', '0912345678', 'bench.floor', 1, '{}', 'Hồ sơ đã được tiếp nhận.', j.id from j),
    i as (
      insert into idempotency_keys (scope, key, route, request_hash, status_code, response_body, content_type,
                                    completed_at)
      select 'bench:floor', $1, 'POST /floor/reception', $5, 201, d.code, 'application/json', now() from d)
    select code from d`;
  const app = Fastify({ logger: false });
  app.post<{ Headers: { 'x-client'?: string } }>('/floor/reception', async (request) => {
    const client = clients[Number(request.headers['x-client'] ?? 0) % clients.length];
    if (!client) throw new Error('no floor client');
    const session = await pool.query({
      name: 'floor_session',
      text: 'select subject_id, expires_at from sessions where token_hash = $1 and revoked_at is null',
      values: [client.tokenHash],
    });
    if (session.rows.length === 0) throw new Error('floor session gone');
    const hash = createHash('sha256').update(randomUUID()).digest('hex');
    const agencyCode = floorAgencyCode(clients.indexOf(client));
    const r = await pool.query<{ code: string }>({
      name: 'floor_reception',
      text,
      values: [randomUUID(), randomUUID(), client.templateId, agencyCode, hash, '0'.repeat(64)],
    });
    return { code: r.rows[0]?.code };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    base: `http://127.0.0.1:${address.port}`,
    clients: clients.length,
    async close() {
      await app.close();
      await cleanupFloor(pool);
      await pool.end();
    },
  };
}
