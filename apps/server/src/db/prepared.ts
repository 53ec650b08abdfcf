import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hottest queries (the officers' inbox, the public lookup, the session
 * check on every signed-in request; docs/performance.md). Kysely sends every query unnamed, so PostgreSQL
 * parses and plans it each time: for the inbox, 0.78 ms of planning for 0.77 ms of execution. A query run
 * through `prepared()` is parsed once per connection and, after PostgreSQL's five custom plans, may use the
 * cached generic plan (plan_cache_mode = auto picks it only when it is not costlier).
 *
 * Only texts registered here are named, at most MAX_STATEMENTS of them (each is a plan kept in every
 * connection's backend); past that they run unnamed, as every other query. PGlite ignores the names.
 * Operations: a pooler in front of PostgreSQL must keep named statements (PgBouncer ≥ 1.21 with
 * max_prepared_statements, or session pooling); docs/deployment.md.
 */
const MAX_STATEMENTS = 100;
const names = new Map<string, string>();

/** The statement name of a registered SQL text (undefined: run it unnamed). */
export function statementName(sqlText: string): string | undefined {
  return names.get(sqlText);
}

/** Compiles `query` and registers its text to run as a named prepared statement; execute with db.executeQuery. */
export function prepared<R>(query: Compilable<R>): CompiledQuery<R> {
  const compiled = query.compile();
  if (!names.has(compiled.sql) && names.size < MAX_STATEMENTS)
    names.set(compiled.sql, `saola_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`);
  return compiled;
}

/**
 * The pg pool as Kysely's dialect sees it, sending registered texts as named statements. One wrapper per
 * pooled client, so Kysely's per-client connection objects are kept as with the bare pool.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (text: unknown, parameters?: readonly unknown[]) => {
      if (typeof text !== 'string') return client.query(text as pg.Submittable);
      const values = parameters ? [...parameters] : [];
      const name = statementName(text);
      return name ? client.query({ name, text, values }) : client.query(text, values);
    };
    // One function for both overloads of Kysely's client (query text + parameters, or a cursor).
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * A prepared query whose text never changes and whose one varying value is the argument: built and compiled by
 * Kysely once, then given the new value each call (the session check and the inbox's change counter run on
 * every request, and building them cost more than their execution). `build` must use its argument exactly once,
 * as a bound value.
 */
export function preparedWithValue<V, R>(build: (value: V) => Compilable<R>): (value: V) => CompiledQuery<R> {
  const marker = `\u0000saola-prepared-value-${names.size}`;
  const compiled = prepared(build(marker as V));
  const at = compiled.parameters.indexOf(marker);
  if (at < 0 || compiled.parameters.indexOf(marker, at + 1) >= 0)
    throw new Error('preparedWithValue: the value must be bound exactly once');
  return (value) => {
    const parameters = [...compiled.parameters];
    parameters[at] = value;
    return { ...compiled, parameters };
  };
}
