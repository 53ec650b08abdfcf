import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';
import { formatDossierCode, isAgencyCode, MAX_DAILY_SEQUENCE, receptionDateOf } from './dossier-code.js';

/** The only code that touches dossier_code_sequences (migrations/0012_dossier_codes.sql). */
type Conn = Kysely<DB> | Transaction<DB>;

export interface AllocatedDossierCode {
  /** `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`. */
  code: string;
  agencyCode: string;
  /** Local reception date, YYYY-MM-DD. */
  receptionDate: string;
  sequence: number;
}

/** The 409 thrown when an agency has already been given 9999 dossier numbers for a day. */
export function dailySequenceExhausted(agencyCode: string, receptionDate: string) {
  const [y, m, d] = receptionDate.split('-');
  return conflict(
    `Cơ quan ${agencyCode} đã cấp đủ ${MAX_DAILY_SEQUENCE} mã hồ sơ trong ngày ${d}/${m}/${y} ` +
      '(phần số thứ tự của mã hồ sơ chỉ có 4 chữ số). Không thể cấp thêm mã hồ sơ cho ngày này.',
    'dossier_code_exhausted',
    { agencyCode, receptionDate },
  );
}

/**
 * Hands out the next dossier code of `agencyCode` for the local date of `receivedAt` (or the
 * YYYY-MM-DD given). One statement: the first reception of the day inserts 1; every later one
 * increments the row under its row lock, so concurrent receptions get distinct, consecutive numbers
 * and a number is never handed out twice. When `conn` is a transaction, the row stays locked until
 * it ends — receptions of the same agency and day then queue behind it, and a rolled-back
 * reception leaves no gap (its dossier never existed, so its number was never used).
 * Past 9999 the update matches nothing and the caller gets a 409 `dossier_code_exhausted`.
 */
export async function allocateDossierCode(
  conn: Conn,
  agencyCode: string,
  receivedAt: Date | string,
): Promise<AllocatedDossierCode> {
  if (!isAgencyCode(agencyCode)) throw new RangeError(`Mã định danh cơ quan không hợp lệ: "${agencyCode}".`);
  const receptionDate = receptionDateOf(receivedAt);
  const row = await conn
    .insertInto('dossier_code_sequences')
    .values({ agency_code: agencyCode, day: receptionDate, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['agency_code', 'day'])
        .doUpdateSet({ last_seq: sql<number>`dossier_code_sequences.last_seq + 1`, updated_at: sql`now()` })
        .where('dossier_code_sequences.last_seq', '<', MAX_DAILY_SEQUENCE),
    )
    .returning('last_seq')
    .executeTakeFirst();
  if (!row) throw dailySequenceExhausted(agencyCode, receptionDate);
  const sequence = row.last_seq;
  return { code: formatDossierCode(agencyCode, receptionDate, sequence), agencyCode, receptionDate, sequence };
}

/** The last number handed out to the agency for the day (0 when none yet). */
export async function lastDossierSequence(conn: Conn, agencyCode: string, receivedAt: Date | string): Promise<number> {
  const row = await conn
    .selectFrom('dossier_code_sequences')
    .select('last_seq')
    .where('agency_code', '=', agencyCode)
    .where('day', '=', receptionDateOf(receivedAt))
    .executeTakeFirst();
  return row?.last_seq ?? 0;
}
