import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { createTestDatabase } from '../../test/test-db.js';
import { CitizensRepository } from './citizens.repository.js';
import { enforceLimit } from './rate-limit.js';

describe('enforceLimit (database fixed-window counter)', () => {
  let database: Database & { dropSchema(): Promise<void> };
  let repo: CitizensRepository;
  beforeAll(async () => {
    database = await createTestDatabase();
    repo = new CitizensRepository(database.db);
  });
  afterAll(async () => database.dropSchema());

  const rule = { name: 'otp:ip', subject: '203.0.113.7', max: 3, windowMinutes: 60 };

  it('allows max hits per window, then 429 with the seconds left; a new window starts again', async () => {
    const t0 = new Date('2026-03-02T01:10:00Z');
    for (let i = 0; i < 3; i++) await enforceLimit(repo, 'secret', rule, t0, 'quá nhiều');
    const err = await enforceLimit(repo, 'secret', rule, new Date('2026-03-02T01:40:00Z'), 'quá nhiều').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 429, detail: 'quá nhiều', extra: { retryAfter: 20 * 60 } });
    // Another subject has its own counter.
    await enforceLimit(repo, 'secret', { ...rule, subject: '203.0.113.8' }, t0, 'x');
    // Next hour: allowed again.
    await enforceLimit(repo, 'secret', rule, new Date('2026-03-02T02:00:00Z'), 'quá nhiều');
    const keys = await database.db
      .selectFrom('citizen_rate_counters')
      .select(['key', 'count'])
      .orderBy('window_start')
      .execute();
    expect(keys.every((k) => !k.key.includes('203.0.113'))).toBe(true);
    expect(keys.map((k) => k.count).sort()).toEqual([1, 1, 4]);
  });
});
