import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE } from '../test/test-db.js';
import { prepared, preparedWithValue, statementName } from './prepared.js';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

describe('prepared: hot queries as named prepared statements', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.dropSchema());

  const byUsername = (username: string) =>
    database.db.selectFrom('users').select(['id', 'username']).where('username', '=', username);

  it('registers the text once and gives it a stable name; other texts stay unnamed', () => {
    const a = prepared(byUsername('a'));
    const b = prepared(byUsername('b'));
    expect(a.sql).toBe(b.sql);
    expect(statementName(a.sql)).toMatch(/^saola_[0-9a-f]{24}$/);
    expect(statementName(byUsername('c').where('status', '=', 'active').compile().sql)).toBeUndefined();
  });

  it('runs with each call’s own parameters and returns typed rows', async () => {
    const { rows } = await database.db.executeQuery(prepared(byUsername('nobody-here')));
    expect(rows).toEqual([]);
    const { rows: again } = await database.db.executeQuery(
      prepared(database.db.selectNoFrom(sql<number>`${41}::int + 1`.as('n'))),
    );
    expect(again).toEqual([{ n: 42 }]);
  });

  it.runIf(TEST_ENGINE === 'postgresql')(
    'on PostgreSQL the connection keeps the statement (pg_prepared_statements) and reuses it',
    async () => {
      const query = prepared(byUsername('someone'));
      const name = statementName(query.sql);
      // One connection of the pool: the statement and the view are read on the same backend.
      const [before, after] = await database.db.connection().execute(async (conn) => {
        const uses = async () =>
          (
            await sql<{ uses: number }>`
              select coalesce(sum(generic_plans + custom_plans), 0)::int as uses
                from pg_prepared_statements where name = ${name}`.execute(conn)
          ).rows[0]?.uses ?? 0;
        await conn.executeQuery(query);
        const first = await uses();
        await conn.executeQuery(prepared(byUsername('someone-else')));
        await conn.executeQuery(prepared(byUsername('a-third-one')));
        return [first, await uses()];
      });
      expect(before).toBeGreaterThanOrEqual(1);
      expect(after).toBe(before + 2);
    },
  );

  it('built once, gives each call its own value in the place of the bound argument', async () => {
    let builds = 0;
    const greeting = preparedWithValue((name: string) => {
      builds += 1;
      // Another bound value before the argument: the argument's place is found, not assumed.
      return database.db.selectNoFrom(sql<string>`${'Xin chào '}::text || ${name}::text`.as('s'));
    });
    const one = await database.db.executeQuery(greeting('Một'));
    const two = await database.db.executeQuery(greeting('Hai'));
    expect([one.rows, two.rows]).toEqual([[{ s: 'Xin chào Một' }], [{ s: 'Xin chào Hai' }]]);
    expect(builds).toBe(1);
    expect(statementName(greeting('x').sql)).toMatch(/^saola_/);
  });

  it('refuses a builder that does not bind its argument exactly once', () => {
    expect(() => preparedWithValue(() => database.db.selectFrom('users').select('id'))).toThrow(/exactly once/);
    expect(() =>
      preparedWithValue((v: string) =>
        database.db.selectFrom('users').select('id').where('username', '=', v).where('full_name', '=', v),
      ),
    ).toThrow(/exactly once/);
  });
});
