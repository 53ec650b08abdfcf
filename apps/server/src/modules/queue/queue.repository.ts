import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { QueueTables, TicketStatus } from './queue.tables.js';

/** The only code that touches the queue tables (migrations/0019_queue.sql). */
export type Conn = Kysely<DB> | Transaction<DB>;
export type FieldRow = Selectable<QueueTables['queue_fields']>;
export type CounterRow = Selectable<QueueTables['queue_counters']>;
export type TicketRow = Omit<Selectable<QueueTables['queue_tickets']>, 'day'>;

export const MAX_DAILY_NUMBER = 999;
const TICKET_COLUMNS = [
  'id',
  'agency_id',
  'number',
  'field',
  'status',
  'target_counter_id',
  'counter_id',
  'served_by',
  'transferred_from_id',
  'call_count',
  'taken_at',
  'queued_at',
  'called_at',
  'last_called_at',
  'serving_started_at',
  'finished_at',
  'version',
  'created_at',
  'updated_at',
] as const;

export interface StatsRow {
  day: string;
  field: string;
  tickets: number;
  served: number;
  skipped: number;
  transferred: number;
  waiting: number;
  avgWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  avgServeSeconds: number | null;
}

export class QueueRepository {
  constructor(
    readonly db: Kysely<DB>,
    private readonly engine: 'pglite' | 'postgresql',
  ) {}

  // ---- fields ----------------------------------------------------------------------------------
  listFields(agencyId: string, conn: Conn = this.db): Promise<FieldRow[]> {
    return conn
      .selectFrom('queue_fields')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .orderBy('position')
      .orderBy('prefix')
      .execute();
  }

  async replaceFields(trx: Transaction<DB>, agencyId: string, fields: { field: string; prefix: string }[]) {
    await trx.deleteFrom('queue_fields').where('agency_id', '=', agencyId).execute();
    if (fields.length === 0) return;
    await trx
      .insertInto('queue_fields')
      .values(fields.map((f, i) => ({ agency_id: agencyId, field: f.field, prefix: f.prefix, position: i })))
      .execute();
  }

  // ---- counters --------------------------------------------------------------------------------
  listCounters(agencyId: string, conn: Conn = this.db): Promise<CounterRow[]> {
    return conn.selectFrom('queue_counters').selectAll().where('agency_id', '=', agencyId).orderBy('code').execute();
  }

  findCounter(id: string, conn: Conn = this.db): Promise<CounterRow | undefined> {
    return conn.selectFrom('queue_counters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findCounterByCode(agencyId: string, code: string, conn: Conn = this.db): Promise<CounterRow | undefined> {
    return conn
      .selectFrom('queue_counters')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  insertCounter(
    conn: Conn,
    row: { agencyId: string; code: string; name: string; fields: string[]; active: boolean },
  ): Promise<CounterRow> {
    return conn
      .insertInto('queue_counters')
      .values({
        agency_id: row.agencyId,
        code: row.code,
        name: row.name,
        fields: JSON.stringify(row.fields),
        active: row.active,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateCounter(
    conn: Conn,
    id: string,
    expectedVersion: number,
    patch: { code: string; name: string; fields: string[]; active: boolean },
  ): Promise<CounterRow | undefined> {
    return conn
      .updateTable('queue_counters')
      .set({
        code: patch.code,
        name: patch.name,
        fields: JSON.stringify(patch.fields),
        active: patch.active,
        version: sql<number>`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
  }

  async counterHasTickets(conn: Conn, counterId: string): Promise<boolean> {
    const row = await conn
      .selectFrom('queue_tickets')
      .select('id')
      .where((eb) => eb.or([eb('counter_id', '=', counterId), eb('target_counter_id', '=', counterId)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async deleteCounter(conn: Conn, id: string, expectedVersion: number): Promise<boolean> {
    const res = await conn
      .deleteFrom('queue_counters')
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  // ---- tickets ---------------------------------------------------------------------------------
  /**
   * The next number of `prefix` at the agency on `day`, in one statement: the first ticket of the day
   * inserts 1, later ones increment the row under its row lock (same technique as
   * dossiers/dossier-code.repository.ts), so concurrent kiosks never get the same number. Past 999 → null.
   */
  async allocateSequence(conn: Conn, agencyId: string, day: string, prefix: string): Promise<number | null> {
    const row = await conn
      .insertInto('queue_sequences')
      .values({ agency_id: agencyId, day, prefix, last_seq: 1 })
      .onConflict((oc) =>
        oc
          .columns(['agency_id', 'day', 'prefix'])
          .doUpdateSet({ last_seq: sql<number>`queue_sequences.last_seq + 1`, updated_at: sql`now()` })
          .where('queue_sequences.last_seq', '<', MAX_DAILY_NUMBER),
      )
      .returning('last_seq')
      .executeTakeFirst();
    return row?.last_seq ?? null;
  }

  insertTicket(
    conn: Conn,
    row: {
      agencyId: string;
      day: string;
      number: string;
      field: string;
      takenAt: Date;
      queuedAt: Date;
      targetCounterId?: string | null;
      transferredFromId?: string | null;
    },
  ): Promise<TicketRow> {
    return conn
      .insertInto('queue_tickets')
      .values({
        agency_id: row.agencyId,
        day: row.day,
        number: row.number,
        field: row.field,
        taken_at: row.takenAt,
        queued_at: row.queuedAt,
        target_counter_id: row.targetCounterId ?? null,
        transferred_from_id: row.transferredFromId ?? null,
      })
      .returning(TICKET_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  findTicket(id: string, conn: Conn = this.db): Promise<TicketRow | undefined> {
    return conn.selectFrom('queue_tickets').select(TICKET_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** The ticket being called or served at the counter, if any. */
  currentTicket(counterId: string, conn: Conn = this.db): Promise<TicketRow | undefined> {
    return conn
      .selectFrom('queue_tickets')
      .select(TICKET_COLUMNS)
      .where('counter_id', '=', counterId)
      .where('status', 'in', ['called', 'serving'])
      .executeTakeFirst();
  }

  /** Waiting tickets of the agency's day, in call order (transferred ones keep their original place). */
  listWaiting(agencyId: string, day: string, conn: Conn = this.db): Promise<TicketRow[]> {
    return conn
      .selectFrom('queue_tickets')
      .select(TICKET_COLUMNS)
      .where('agency_id', '=', agencyId)
      .where('day', '=', day)
      .where('status', '=', 'waiting')
      .orderBy('taken_at')
      .orderBy('number')
      .execute();
  }

  /** Today's tickets skipped at the counter, most recent first (the citizen may come back: recall). */
  listSkipped(counterId: string, day: string, limit: number, conn: Conn = this.db): Promise<TicketRow[]> {
    return conn
      .selectFrom('queue_tickets')
      .select(TICKET_COLUMNS)
      .where('counter_id', '=', counterId)
      .where('day', '=', day)
      .where('status', '=', 'skipped')
      .orderBy('finished_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** How many waiting tickets of the same field (or for the same counter) come before this one. */
  async peopleAhead(ticket: TicketRow, day: string, conn: Conn = this.db): Promise<number> {
    const row = await conn
      .selectFrom('queue_tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agency_id', '=', ticket.agency_id)
      .where('day', '=', day)
      .where('status', '=', 'waiting')
      .where('field', '=', ticket.field)
      .where((eb) =>
        eb.or([
          eb('taken_at', '<', ticket.taken_at),
          eb.and([eb('taken_at', '=', ticket.taken_at), eb('number', '<', ticket.number)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Locks and returns the next waiting ticket for a counter: first those transferred to this very
   * counter, then the oldest of its fields. `for update skip locked`: two counters calling at the same
   * moment never get the same ticket (the second one takes the next).
   */
  async lockNextWaiting(
    trx: Transaction<DB>,
    agencyId: string,
    day: string,
    counterId: string,
    fields: string[],
  ): Promise<TicketRow | undefined> {
    return trx
      .selectFrom('queue_tickets')
      .select(TICKET_COLUMNS)
      .where('agency_id', '=', agencyId)
      .where('day', '=', day)
      .where('status', '=', 'waiting')
      .where((eb) => {
        const mine = eb('target_counter_id', '=', counterId);
        return fields.length === 0
          ? mine
          : eb.or([mine, eb.and([eb('target_counter_id', 'is', null), eb('field', 'in', fields)])]);
      })
      .orderBy(sql`case when target_counter_id = ${counterId} then 0 else 1 end`)
      .orderBy('taken_at')
      .orderBy('number')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  }

  /** Moves a ticket on if it is still in one of `from` at `version`; undefined when it changed meanwhile. */
  updateTicket(
    conn: Conn,
    id: string,
    expectedVersion: number,
    from: TicketStatus[],
    patch: {
      status?: TicketStatus;
      counter_id?: string;
      served_by?: string | null;
      call_count?: number;
      called_at?: Date;
      last_called_at?: Date;
      serving_started_at?: Date;
      finished_at?: Date | null;
    },
  ): Promise<TicketRow | undefined> {
    return conn
      .updateTable('queue_tickets')
      .set({ ...patch, version: sql<number>`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .where('status', 'in', from)
      .returning(TICKET_COLUMNS)
      .executeTakeFirst();
  }

  // ---- display board -----------------------------------------------------------------------------
  /**
   * Marks the agency's board as changed, inside the change's transaction: bumps its version (what
   * the polling listener reads) and, on PostgreSQL, NOTIFY saola_queue (delivered at commit).
   */
  async bumpBoard(conn: Conn, agencyId: string): Promise<void> {
    await conn
      .insertInto('queue_board_versions')
      .values({ agency_id: agencyId, version: 1 })
      .onConflict((oc) =>
        oc
          .column('agency_id')
          .doUpdateSet({ version: sql<number>`queue_board_versions.version + 1`, updated_at: sql`now()` }),
      )
      .execute();
    if (this.engine === 'postgresql') await sql`select pg_notify('saola_queue', ${agencyId})`.execute(conn);
  }

  async boardVersions(agencyIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (agencyIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('queue_board_versions')
      .select(['agency_id', 'version'])
      .where('agency_id', 'in', agencyIds)
      .execute();
    for (const r of rows) out.set(r.agency_id, Number(r.version));
    return out;
  }

  /** Today's tickets called at the agency, most recently called first. */
  recentCalls(agencyId: string, day: string, limit: number): Promise<TicketRow[]> {
    return this.db
      .selectFrom('queue_tickets')
      .select(TICKET_COLUMNS)
      .where('agency_id', '=', agencyId)
      .where('day', '=', day)
      .where('last_called_at', 'is not', null)
      .where('status', '!=', 'transferred')
      .orderBy('last_called_at', 'desc')
      .limit(limit)
      .execute();
  }

  async waitingCounts(agencyId: string, day: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('queue_tickets')
      .select((eb) => ['field', eb.fn.countAll<number>().as('n')])
      .where('agency_id', '=', agencyId)
      .where('day', '=', day)
      .where('status', '=', 'waiting')
      .groupBy('field')
      .execute();
    return new Map(rows.map((r) => [r.field, Number(r.n)]));
  }

  // ---- statistics --------------------------------------------------------------------------------
  /** Per local day and field: counts, waiting time (called − queued) and serving time (finished − started). */
  async stats(agencyId: string, from: string, to: string): Promise<StatsRow[]> {
    const res = await sql<{
      day: string;
      field: string;
      tickets: number | string;
      served: number | string;
      skipped: number | string;
      transferred: number | string;
      waiting: number | string;
      avg_wait: number | string | null;
      p90_wait: number | string | null;
      avg_serve: number | string | null;
    }>`
      select to_char(day, 'YYYY-MM-DD') as day, field,
        count(*) filter (where transferred_from_id is null) as tickets,
        count(*) filter (where status = 'done') as served,
        count(*) filter (where status = 'skipped') as skipped,
        count(*) filter (where status = 'transferred') as transferred,
        count(*) filter (where status = 'waiting') as waiting,
        avg(extract(epoch from called_at - queued_at)) filter (where called_at is not null) as avg_wait,
        percentile_cont(0.9) within group (order by extract(epoch from called_at - queued_at))
          filter (where called_at is not null) as p90_wait,
        avg(extract(epoch from finished_at - serving_started_at)) filter (where status = 'done') as avg_serve
      from queue_tickets
      where agency_id = ${agencyId} and day between ${from}::date and ${to}::date
      group by day, field
      order by day, field`.execute(this.db);
    const num = (v: number | string | null) => (v === null ? null : Math.round(Number(v)));
    return res.rows.map((r) => ({
      day: r.day,
      field: r.field,
      tickets: Number(r.tickets),
      served: Number(r.served),
      skipped: Number(r.skipped),
      transferred: Number(r.transferred),
      waiting: Number(r.waiting),
      avgWaitSeconds: num(r.avg_wait),
      p90WaitSeconds: num(r.p90_wait),
      avgServeSeconds: num(r.avg_serve),
    }));
  }
}
