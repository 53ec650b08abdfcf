import { type Insertable, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The only code that runs the statistics SQL over dossiers, dossier_events, dossier_files and the statistics
 * tables (migrations/0015_dossier_statistics.sql). Definitions (also in docs/statistics.md):
 *
 * - received (tiếp nhận): the dossier's FIRST reception — event `receive` not coming from `transferred` (a
 *   transfer to another agency is not a new dossier) — counted on the day of that event, for the agency that
 *   received it, by the dossier's channel (counter / online / post). An online dossier counts when it is
 *   accepted, not when it is submitted.
 * - resolved (đã giải quyết): the agency produced the result — event `attach_result` (state result_ready;
 *   returning the result can only follow it). On time (đúng hạn, incl. trước hạn) when that instant is ≤ the
 *   dossier's due date in force (after pauses and the one-time extension); late (trễ hạn) otherwise. A dossier
 *   without a due date counts as on time.
 * - returned / withdrawn / refused / rejected / stopped: events return_result / withdraw / refuse / reject / stop.
 * - in progress at an instant E (đang giải quyết): a stay of the dossier at an agency — from a `receive` event
 *   (first reception, or reception after a transfer) to the first later event among attach_result, withdraw,
 *   refuse, reject, stop, transfer_to_agency (ENDERS) — that began before E and had not ended before E; counted for
 *   the agency of that stay (after a transfer, the agency that received it). Overdue (quá hạn) when the due date
 *   < E. The due date is the one in force now (for the pre-aggregate: at the refresh); a later extension is only
 *   possible before the old date, so it does not change the answer, but a dossier paused for a supplement at E
 *   whose old due date was < E counts as overdue: known approximation. For E = now (current period, from the
 *   dossiers' state) a paused dossier (supplement_requested) is never overdue, and a dossier transferred but not
 *   yet received by the other agency is in progress nowhere (as in the event-based snapshot).
 * - digitised (số hóa thành phần): a received dossier with at least one component file (dossier_files kind
 *   'component'), as of the query/refresh; electronic result: a resolved dossier with a result file
 *   (dossier_files kind 'result') or result file ids attached.
 * - ratings: by the day the rating was given, for the agency responsible when it was given.
 * Days are local days of Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving).
 */

type Conn = Kysely<DB> | Transaction<DB>;
export type Channel = 'counter' | 'online' | 'post';

export const COUNT_KEYS = [
  'received',
  'resolved_on_time',
  'resolved_late',
  'returned',
  'withdrawn',
  'refused',
  'rejected',
  'stopped',
  'received_digitised',
  'resolved_e_result',
  'rating_1',
  'rating_2',
  'rating_3',
  'rating_4',
  'rating_5',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number>;

export interface CountRow extends Counts {
  agencyId: string;
  procedureCode: string;
  channel: Channel;
}
export interface DayCountRow extends CountRow {
  day: string;
}
export interface SnapshotRow {
  agencyId: string;
  procedureCode: string;
  channel: Channel;
  inProgress: number;
  overdue: number;
}

const STAT_ACTIONS = ['receive', 'attach_result', 'return_result', 'withdraw', 'refuse', 'reject', 'stop'];
/** Events that end a dossier's stay at an agency (resolved, closed, or transferred to another agency). */
const ENDERS = ['attach_result', 'withdraw', 'refuse', 'reject', 'stop', 'transfer_to_agency'];
export const DELTA_KEYS = ['stay_started', 'stay_ended', 'overdue_started', 'overdue_ended'] as const;
type Deltas = Record<(typeof DELTA_KEYS)[number], number>;
interface SnapshotKey {
  day: string;
  agencyId: string;
  procedureCode: string;
  channel: Channel;
}

/** Local (UTC+07:00) date of a timestamptz column, the same on every server time zone. */
const localDay = (col: RawBuilder<unknown>) => sql`((${col} at time zone 'UTC') + interval '7 hours')::date`;

const inList = (col: RawBuilder<unknown>, ids: readonly string[] | null) =>
  ids === null ? sql`true` : ids.length === 0 ? sql`false` : sql`${col} in (${sql.join(ids)})`;

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function countsOf(r: Record<string, unknown>): Counts {
  const out = {} as Counts;
  for (const k of COUNT_KEYS) out[k] = num(r[k]);
  return out;
}

export class DossierStatsRepository {
  private filesTable: boolean | null = null;

  constructor(private readonly db: Kysely<DB>) {}

  /** Whether dossier_files exists (migration 0014): digitisation counts need it. */
  private async hasFilesTable(conn: Conn): Promise<boolean> {
    if (this.filesTable === null) {
      const r = await sql<{ ok: boolean }>`select to_regclass('dossier_files') is not null as ok`.execute(conn);
      this.filesTable = r.rows[0]?.ok === true;
    }
    return this.filesTable;
  }

  /**
   * Event-based counts of the instants [start, end), per (agency, procedure, channel), and per local day when
   * `byDay`. `agencyIds` null = every agency. Used live (open days) and by the daily refresh (closed days).
   */
  async liveCounts(
    range: { start: Date; end: Date },
    agencyIds: readonly string[] | null,
    byDay: true,
    conn?: Conn,
  ): Promise<DayCountRow[]>;
  async liveCounts(
    range: { start: Date; end: Date },
    agencyIds: readonly string[] | null,
    byDay: false,
    conn?: Conn,
  ): Promise<CountRow[]>;
  async liveCounts(
    range: { start: Date; end: Date },
    agencyIds: readonly string[] | null,
    byDay: boolean,
    conn: Conn = this.db,
  ): Promise<(CountRow | DayCountRow)[]> {
    const files = await this.hasFilesTable(conn);
    const hasComponentFile = files
      ? sql`exists (select 1 from dossier_files f where f.dossier_id = d.id and f.kind = 'component')`
      : sql`false`;
    const hasResultFile = files
      ? sql`(jsonb_array_length(d.result_file_ids) > 0 or exists (select 1 from dossier_files f where f.dossier_id = d.id and f.kind = 'result'))`
      : sql`jsonb_array_length(d.result_file_ids) > 0`;
    const dayCol = byDay ? sql`day::text as day,` : sql``;
    const groupDay = byDay ? sql`, day` : sql``;
    const firstReceive = sql`e.action = 'receive' and (e.from_status is null or e.from_status <> 'transferred')`;
    const result = await sql<Record<string, unknown>>`
      with ev as (
        select e.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('e.at'))} as day,
          (${firstReceive})::int as received,
          (e.action = 'attach_result' and (d.due_at is null or e.at <= d.due_at))::int as resolved_on_time,
          (e.action = 'attach_result' and d.due_at is not null and e.at > d.due_at)::int as resolved_late,
          (e.action = 'return_result')::int as returned,
          (e.action = 'withdraw')::int as withdrawn,
          (e.action = 'refuse')::int as refused,
          (e.action = 'reject')::int as rejected,
          (e.action = 'stop')::int as stopped,
          (${firstReceive} and ${hasComponentFile})::int as received_digitised,
          (e.action = 'attach_result' and ${hasResultFile})::int as resolved_e_result,
          0 as rating_1, 0 as rating_2, 0 as rating_3, 0 as rating_4, 0 as rating_5
        from dossier_events e
        join dossiers d on d.id = e.dossier_id
        where e.at >= ${range.start} and e.at < ${range.end}
          and e.action in (${sql.join(STAT_ACTIONS)})
          and ${inList(sql.ref('e.agency_id'), agencyIds)}
        union all
        select r.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('r.rated_at'))} as day,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          (r.score = 1)::int, (r.score = 2)::int, (r.score = 3)::int, (r.score = 4)::int, (r.score = 5)::int
        from dossier_ratings r
        join dossiers d on d.id = r.dossier_id
        where r.rated_at >= ${range.start} and r.rated_at < ${range.end}
          and ${inList(sql.ref('r.agency_id'), agencyIds)}
      )
      select ${dayCol} agency_id, procedure_code, channel,
        ${sql.join(
          COUNT_KEYS.map((k) => sql`sum(${sql.ref(k)})::int as ${sql.ref(k)}`),
          sql`, `,
        )}
      from ev
      group by agency_id, procedure_code, channel ${groupDay}`.execute(conn);
    return result.rows.map((r) => ({
      ...(byDay ? { day: String(r.day) } : {}),
      agencyId: String(r.agency_id),
      procedureCode: String(r.procedure_code),
      channel: r.channel as Channel,
      ...countsOf(r),
    }));
  }

  /**
   * Sums of the pre-aggregate over [fromDay, toDay] (local dates), per (agency, procedure, channel): `daily` rows,
   * or `monthly` rows (then fromDay/toDay are first days of months).
   */
  async storedCounts(
    table: 'daily' | 'monthly',
    fromDay: string,
    toDay: string,
    agencyIds: readonly string[] | null,
  ): Promise<CountRow[]> {
    const t = table === 'daily' ? sql.table('dossier_stats_daily') : sql.table('dossier_stats_monthly');
    const result = await sql<Record<string, unknown>>`
      select agency_id, procedure_code, channel,
        ${sql.join(
          COUNT_KEYS.map((k) => sql`sum(${sql.ref(k)})::int as ${sql.ref(k)}`),
          sql`, `,
        )}
      from ${t}
      where day >= ${fromDay}::date and day <= ${toDay}::date and ${inList(sql.ref('agency_id'), agencyIds)}
      group by agency_id, procedure_code, channel`.execute(this.db);
    return result.rows.map((r) => ({
      agencyId: String(r.agency_id),
      procedureCode: String(r.procedure_code),
      channel: r.channel as Channel,
      ...countsOf(r),
    }));
  }

  /** Dossiers in progress / overdue NOW, from their current state (the current period's snapshot). */
  async currentSnapshot(now: Date, agencyIds: readonly string[] | null): Promise<SnapshotRow[]> {
    const result = await sql<Record<string, unknown>>`
      select current_agency_id as agency_id, procedure_code, channel,
        count(*)::int as in_progress,
        count(*) filter (where status <> 'supplement_requested' and due_at < ${now})::int as overdue
      from dossiers
      where (status = 'received' or (status = 'supplement_requested' and resume_state = 'received'))
        and ${inList(sql.ref('current_agency_id'), agencyIds)}
      group by current_agency_id, procedure_code, channel`.execute(this.db);
    return result.rows.map(snapshotOf);
  }

  /**
   * Dossiers in progress / overdue at a past instant E, from the event log: stays (a `receive` before E) that no
   * ending event (ENDERS) closed before E, for the agency of the stay.
   */
  async snapshotAt(at: Date, agencyIds: readonly string[] | null, conn: Conn = this.db): Promise<SnapshotRow[]> {
    const result = await sql<Record<string, unknown>>`
      select r.agency_id, d.procedure_code, d.channel,
        count(*)::int as in_progress,
        count(*) filter (where d.due_at < ${at})::int as overdue
      from dossier_events r
      join dossiers d on d.id = r.dossier_id
      where r.action = 'receive' and r.at < ${at}
        and ${inList(sql.ref('r.agency_id'), agencyIds)}
        and not exists (select 1 from dossier_events x
                         where x.dossier_id = r.dossier_id and x.seq > r.seq
                           and x.action in (${sql.join(ENDERS)}) and x.at < ${at})
      group by r.agency_id, d.procedure_code, d.channel`.execute(conn);
    return result.rows.map(snapshotOf);
  }

  /**
   * Changes of the in-progress snapshot during the days of [start, end), per (day, agency, procedure, channel).
   * A stay s..e at an agency (s: a `receive` event; e: the first ENDER after it, or none) is in progress at E iff
   * s < E ≤ e; overdue iff m < E ≤ e with m = max(s, due date), when e > m. So: stay_started at s, stay_ended at e,
   * overdue_started at m (if no ENDER ≤ m), overdue_ended at e (if m < e). Summing the deltas before E gives the
   * same answer as snapshotAt(E) (the due date is the one in force at the refresh).
   */
  async snapshotDeltas(range: { start: Date; end: Date }, conn: Conn): Promise<(SnapshotKey & Deltas)[]> {
    const { start, end } = range;
    const enders = sql.join(ENDERS);
    const result = await sql<Record<string, unknown>>`
      with deltas as (
        select r.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('r.at'))} as day,
          1 as stay_started, 0 as stay_ended, 0 as overdue_started, 0 as overdue_ended
        from dossier_events r join dossiers d on d.id = r.dossier_id
        where r.action = 'receive' and r.at >= ${start} and r.at < ${end}
        union all
        select r.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('x.at'))},
          0, 1, 0, (d.due_at is not null and greatest(r.at, d.due_at) < x.at)::int
        from dossier_events x
        join dossiers d on d.id = x.dossier_id
        join lateral (select p.action, p.agency_id, p.at from dossier_events p
                       where p.dossier_id = x.dossier_id and p.seq < x.seq and p.action in ('receive', ${enders})
                       order by p.seq desc limit 1) r on r.action = 'receive'
        where x.action in (${enders}) and x.at >= ${start} and x.at < ${end}
        union all
        -- overdue starts at the due date (received before it) or at the reception (received after it): two
        -- branches so that each uses its index (dossiers_due_idx, dossier_events_stats_idx).
        select r.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('d.due_at'))}, 0, 0, 1, 0
        from dossiers d
        join dossier_events r on r.dossier_id = d.id and r.action = 'receive' and r.at <= d.due_at
        where d.due_at >= ${start} and d.due_at < ${end}
          and not exists (select 1 from dossier_events x
                           where x.dossier_id = d.id and x.seq > r.seq and x.action in (${enders})
                             and x.at <= d.due_at)
        union all
        select r.agency_id, d.procedure_code, d.channel, ${localDay(sql.ref('r.at'))}, 0, 0, 1, 0
        from dossier_events r
        join dossiers d on d.id = r.dossier_id and d.due_at < r.at
        where r.action = 'receive' and r.at >= ${start} and r.at < ${end}
          and not exists (select 1 from dossier_events x
                           where x.dossier_id = d.id and x.seq > r.seq and x.action in (${enders})
                             and x.at <= r.at)
      )
      select day::text as day, agency_id, procedure_code, channel,
        sum(stay_started)::int as stay_started, sum(stay_ended)::int as stay_ended,
        sum(overdue_started)::int as overdue_started, sum(overdue_ended)::int as overdue_ended
      from deltas
      group by day, agency_id, procedure_code, channel`.execute(conn);
    return result.rows.map((r) => ({
      day: String(r.day),
      agencyId: String(r.agency_id),
      procedureCode: String(r.procedure_code),
      channel: r.channel as Channel,
      stay_started: num(r.stay_started),
      stay_ended: num(r.stay_ended),
      overdue_started: num(r.overdue_started),
      overdue_ended: num(r.overdue_ended),
    }));
  }

  /**
   * The pre-aggregated snapshot at the end of an aggregated day D: the stored snapshot at the end of the month
   * before D's month, plus the deltas of D's month up to D.
   */
  async storedSnapshot(monthFirst: string, day: string, agencyIds: readonly string[] | null): Promise<SnapshotRow[]> {
    const result = await sql<Record<string, unknown>>`
      select agency_id, procedure_code, channel, sum(in_progress)::int as in_progress, sum(overdue)::int as overdue
      from (
        select agency_id, procedure_code, channel, in_progress, overdue
        from dossier_stats_snapshots
        where day = ${monthFirst}::date - 1 and ${inList(sql.ref('agency_id'), agencyIds)}
        union all
        select agency_id, procedure_code, channel,
          stay_started - stay_ended, overdue_started - overdue_ended
        from dossier_stats_daily
        where day >= ${monthFirst}::date and day <= ${day}::date and ${inList(sql.ref('agency_id'), agencyIds)}
      ) s
      group by agency_id, procedure_code, channel
      having sum(in_progress) <> 0 or sum(overdue) <> 0`.execute(this.db);
    return result.rows.map(snapshotOf);
  }

  /** Last local day whose counts are pre-aggregated (every day up to it is), or null. */
  async aggregatedThrough(): Promise<string | null> {
    const r = await sql<{ d: string | null }>`
      select aggregated_through::text as d from dossier_stats_state where id = 1`.execute(this.db);
    return r.rows[0]?.d ?? null;
  }

  /** First local day with a statistics event, or null when there is none. */
  async firstEventDay(): Promise<string | null> {
    const r = await sql<{ d: string | null }>`
      select ${localDay(sql`min(at)`)}::text as d from dossier_events`.execute(this.db);
    return r.rows[0]?.d ?? null;
  }

  /**
   * Writes the days (counts and end-of-day snapshots; local days with their [start, end) instants), rebuilds the
   * monthly rows of the months that end within them, and moves the watermark to the last day, in one
   * transaction. Idempotent: the days and months are replaced.
   */
  async writeDays(
    days: { day: string; start: Date; end: Date }[],
    completeMonths: { first: string; last: string }[],
    now: Date,
  ): Promise<void> {
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last) return;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('dossier_stats_daily')
        .where(sql<boolean>`day between ${first.day}::date and ${last.day}::date`)
        .execute();
      const range = { start: first.start, end: last.end };
      const byKey = new Map<string, Record<string, unknown>>();
      const rowAt = (k: SnapshotKey & { day: string }) => {
        const key = `${k.day}|${k.agencyId}|${k.procedureCode}|${k.channel}`;
        let row = byKey.get(key);
        if (!row) {
          row = { day: k.day, agency_id: k.agencyId, procedure_code: k.procedureCode, channel: k.channel };
          byKey.set(key, row);
        }
        return row;
      };
      for (const r of await this.liveCounts(range, null, true, trx)) {
        const row = rowAt(r);
        for (const k of COUNT_KEYS) row[k] = r[k];
      }
      for (const r of await this.snapshotDeltas(range, trx)) {
        const row = rowAt(r);
        for (const k of DELTA_KEYS) row[k] = r[k];
      }
      const rows = [...byKey.values()] as Insertable<DB['dossier_stats_daily']>[];
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('dossier_stats_daily')
          .values(rows.slice(i, i + 500))
          .execute();
      // Months whose last day is now aggregated: rebuilt from their daily rows; the month-end snapshot is the
      // previous month's plus the month's deltas.
      for (const m of completeMonths) {
        await sql`delete from dossier_stats_snapshots where day = ${m.last}::date`.execute(trx);
        await sql`
          insert into dossier_stats_snapshots (day, agency_id, procedure_code, channel, in_progress, overdue)
          select ${m.last}::date, agency_id, procedure_code, channel, sum(in_progress), sum(overdue)
          from (
            select agency_id, procedure_code, channel, in_progress, overdue
            from dossier_stats_snapshots where day = ${m.first}::date - 1
            union all
            select agency_id, procedure_code, channel, stay_started - stay_ended, overdue_started - overdue_ended
            from dossier_stats_daily where day >= ${m.first}::date and day <= ${m.last}::date
          ) s
          group by agency_id, procedure_code, channel
          having sum(in_progress) <> 0 or sum(overdue) <> 0`.execute(trx);
        await sql`delete from dossier_stats_monthly where day = ${m.first}::date`.execute(trx);
        await sql`
          insert into dossier_stats_monthly (day, agency_id, procedure_code, channel, ${sql.join(COUNT_KEYS.map((k) => sql.ref(k)))})
          select ${m.first}::date, agency_id, procedure_code, channel,
            ${sql.join(COUNT_KEYS.map((k) => sql`sum(${sql.ref(k)})::int`))}
          from dossier_stats_daily
          where day >= ${m.first}::date and day <= ${m.last}::date
          group by agency_id, procedure_code, channel`.execute(trx);
      }
      await trx
        .updateTable('dossier_stats_state')
        .set({ aggregated_through: last.day, updated_at: now, version: sql`version + 1` })
        .where('id', '=', 1)
        .execute();
    });
  }

  /** Forgets the pre-aggregate (tests, and an operator rebuilding after a data repair). */
  async resetAggregates(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('dossier_stats_daily').execute();
      await trx.deleteFrom('dossier_stats_snapshots').execute();
      await sql`delete from dossier_stats_monthly`.execute(trx);
      await trx.updateTable('dossier_stats_state').set({ aggregated_through: null }).where('id', '=', 1).execute();
    });
  }
}

function snapshotOf(r: Record<string, unknown>): SnapshotRow {
  return {
    agencyId: String(r.agency_id),
    procedureCode: String(r.procedure_code),
    channel: r.channel as Channel,
    inProgress: num(r.in_progress),
    overdue: num(r.overdue),
  };
}
