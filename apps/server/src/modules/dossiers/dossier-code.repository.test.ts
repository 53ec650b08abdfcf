import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { createTestDatabase } from '../../test/test-db.js';
import { allocateDossierCode, lastDossierSequence } from './dossier-code.repository.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.dropSchema();
});

const at = (local: string) => new Date(`${local}+07:00`);

describe('dossier code sequence', () => {
  it('gives 50 concurrent receptions 50 distinct consecutive numbers', async () => {
    const agency = '000.00.12.H50';
    const codes = await Promise.all(
      Array.from({ length: 50 }, () => allocateDossierCode(database.db, agency, at('2026-02-13T10:00'))),
    );
    const sequences = codes.map((c) => c.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(codes.map((c) => c.code)).size).toBe(50);
    expect(codes.map((c) => c.code)).toContain('000.00.12.H50-260213-0050');
    expect(await lastDossierSequence(database.db, agency, '2026-02-13')).toBe(50);
  });

  it('gives 50 concurrent receptions, each in its own transaction, distinct consecutive numbers', async () => {
    const agency = '000.00.13.H50';
    const codes = await Promise.all(
      Array.from({ length: 50 }, () =>
        database.db.transaction().execute((trx) => allocateDossierCode(trx, agency, '2026-02-23')),
      ),
    );
    expect(codes.map((c) => c.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('counts per agency and per local day', async () => {
    const a = '000.00.14.H50';
    const b = '000.00.15.H50';
    expect((await allocateDossierCode(database.db, a, at('2026-02-13T23:59'))).code).toBe('000.00.14.H50-260213-0001');
    expect((await allocateDossierCode(database.db, a, at('2026-02-13T08:00'))).code).toBe('000.00.14.H50-260213-0002');
    // 00:00 on 14/02 local (17:00 UTC on 13/02) starts a new day.
    expect((await allocateDossierCode(database.db, a, new Date('2026-02-13T17:00:00Z'))).code).toBe(
      '000.00.14.H50-260214-0001',
    );
    expect((await allocateDossierCode(database.db, b, at('2026-02-13T08:00'))).code).toBe('000.00.15.H50-260213-0001');
    expect(await lastDossierSequence(database.db, b, '2026-02-14')).toBe(0);
  });

  it('never hands a number out twice: a rolled-back reception leaves the next number to the next dossier', async () => {
    const agency = '000.00.16.H50';
    const kept = await allocateDossierCode(database.db, agency, '2026-03-02');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await allocateDossierCode(trx, agency, '2026-03-02');
        throw new Error('dossier insert failed');
      }),
    ).rejects.toThrow('dossier insert failed');
    const next = await allocateDossierCode(database.db, agency, '2026-03-02');
    expect([kept.sequence, next.sequence]).toEqual([1, 2]);
  });

  it('stops at 9999 with a clear 409 and does not wrap around', async () => {
    const agency = '000.00.17.H50';
    await sql`insert into dossier_code_sequences (agency_code, day, last_seq) values (${agency}, '2026-03-03', 9998)`.execute(
      database.db,
    );
    expect((await allocateDossierCode(database.db, agency, '2026-03-03')).code).toBe('000.00.17.H50-260303-9999');
    const error = await allocateDossierCode(database.db, agency, '2026-03-03').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 409, code: 'dossier_code_exhausted' });
    expect((error as AppError).detail).toContain('03/03/2026');
    expect(await lastDossierSequence(database.db, agency, '2026-03-03')).toBe(9999);
    // The next day starts again at 0001.
    expect((await allocateDossierCode(database.db, agency, '2026-03-04')).sequence).toBe(1);
  });

  it('refuses an invalid agency identifier before touching the database, and the table refuses it too', async () => {
    await expect(allocateDossierCode(database.db, '000.00.12.h50', '2026-03-02')).rejects.toThrow(/không hợp lệ/);
    await expect(
      sql`insert into dossier_code_sequences (agency_code, day, last_seq) values ('bad', '2026-03-02', 1)`.execute(
        database.db,
      ),
    ).rejects.toThrow();
  });
});
