import { type CompiledQuery, type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { prepared, preparedWithValue } from '../../db/prepared.js';
import { uuidv7 } from '../../db/uuidv7.js';
import type { Cursor } from '../../http/pagination.js';
import { likeContains } from '../org/org.search.js';
import type { DossiersTables, StatusHistoryEntry } from './dossiers.tables.js';

/** The only code that runs SQL on dossiers and dossier_events (migrations/0013_dossiers.sql). */
type Conn = Kysely<DB> | Transaction<DB>;
export type DossierRow = Selectable<DossiersTables['dossiers']>;

/**
 * The columns an inbox row needs (dossier-view.ts listItemOf): the list selects these instead of
 * the whole 35-column row (issue 3 §7, docs/performance.md). `applicant` holds only the name.
 */
export const LIST_COLUMNS = [
  'id',
  'code',
  'procedure_code',
  'procedure_name',
  'status',
  'channel',
  'current_agency_id',
  'current_step',
  'assignee_id',
  'receiving_agency_id',
  'received_at',
  'submitted_at',
  'accept_by',
  'due_at',
  'version',
] as const;
export type DossierListRow = Pick<DossierRow, (typeof LIST_COLUMNS)[number] | 'applicant'>;
export type EventRow = Selectable<DossiersTables['dossier_events']>;
export type NewDossier = Insertable<DossiersTables['dossiers']>;
export type DossierPatch = Partial<
  Pick<
    DossierRow,
    | 'status'
    | 'resume_state'
    | 'current_step'
    | 'step_role'
    | 'current_agency_id'
    | 'approved'
    | 'assignee_id'
    | 'due_at'
    | 'extended'
    | 'extended_at'
    | 'paused_since'
    | 'received_at'
    | 'original_due_at'
    | 'accept_by'
  >
> & { pauses?: string; result_file_ids?: string };

/** An entry of the public history (dossiers.status_history): the event's instant in UTC and its new state. */
const historyEntry = (at: Date, status: string): StatusHistoryEntry => ({ at: at.toISOString(), status });

export interface NewEvent {
  dossierId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string | null;
  agencyId: string | null;
  at: Date;
  note: string | null;
  reason: string | null;
  step: number | null;
  data: Record<string, unknown>;
}

/** One grant's reach for the "department" scope: the role's queue in these agencies. */
export interface RoleReach {
  role: string;
  agencyIds: string[];
}

export interface InboxFilter {
  /** Agencies where the caller may read dossiers (responsible or receiving agency). */
  agencyIds: string[];
  scope: 'mine' | 'department' | 'agency';
  userId: string | null;
  roles: RoleReach[];
  statuses: string[];
  /** Folded (no diacritics, lower case) search text, or null. */
  q: string | null;
  procedureCode?: string | null;
  channel?: string | null;
  /** Received at or after this instant. */
  receivedFrom?: Date | null;
  /** Received before this instant. */
  receivedTo?: Date | null;
}

/**
 * Urgency instant of a dossier: its due date, or for an online dossier waiting for acceptance its acceptance
 * limit (8 working hours), so late acceptances sort with the overdue dossiers; none → last (also an online
 * dossier sent back for supplement before acceptance: the agency waits for the applicant).
 * The inbox order is that instant, none last (as a far instant so that the keyset cursor can compare it).
 * Same text as the indexes of migrations/0024_dossier_inbox_order.sql: the planner matches it literally, so
 * the far instant is a literal here, not a parameter.
 */
const INBOX_ORDER = sql<Date>`coalesce(coalesce(due_at, case when status = 'submitted' then accept_by end), timestamptz '9999-12-31 00:00:00+00')`;

export interface UrgencyBounds {
  now: Date;
  /** Start of the next local day. */
  endOfToday: Date;
  /** Start of the local day after the next working day. */
  endOfSoon: Date;
}

export class DossiersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(conn: Conn, row: NewDossier): Promise<DossierRow> {
    return conn.insertInto('dossiers').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * A new dossier and its first event (seq 1) in one statement: the id is made here so the event can name it;
   * the foreign key is checked at the end of the statement, when both rows exist.
   */
  async insertWithFirstEvent(
    conn: Conn,
    row: NewDossier,
    event: Omit<NewEvent, 'dossierId' | 'toStatus' | 'agencyId' | 'step'>,
  ): Promise<DossierRow> {
    const id = uuidv7(event.at.getTime());
    return conn
      .with('first_event', (db) =>
        db.insertInto('dossier_events').values({
          id: uuidv7(event.at.getTime()),
          dossier_id: id,
          seq: 1,
          action: event.action,
          from_status: event.fromStatus,
          to_status: row.status,
          actor_id: event.actorId,
          actor_name: event.actorName,
          agency_id: row.receiving_agency_id,
          at: event.at,
          note: event.note,
          reason: event.reason,
          step: row.current_step ?? null,
          data: JSON.stringify(event.data),
        }),
      )
      .insertInto('dossiers')
      .values({ ...row, id, status_history: JSON.stringify([historyEntry(event.at, row.status)]) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Does the agency have (or has it received) any dossier? (the demo seed's idempotency check) */
  async hasDossiers(agencyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('dossiers')
      .select('id')
      .where((eb) => eb.or([eb('current_agency_id', '=', agencyId), eb('receiving_agency_id', '=', agencyId)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findByCode(code: string, conn: Conn = this.db): Promise<DossierRow | null> {
    return (await conn.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
  }

  /**
   * An action on a dossier: the optimistic update (null when the row is no longer at `version`, and then
   * nothing is written) and its event, whose instant and new state are also appended to the row's public
   * history (migrations/0025_dossier_status_history.sql) in the same UPDATE.
   */
  async updateWithEvent(
    conn: Conn,
    id: string,
    version: number,
    patch: DossierPatch,
    event: Omit<NewEvent, 'dossierId' | 'toStatus' | 'step'>,
  ): Promise<DossierRow | null> {
    const entry = sql<string>`jsonb_build_array(jsonb_build_object('at', ${event.at.toISOString()}::text,
      'status', ${patch.status !== undefined ? sql`${patch.status}::text` : sql.ref('status')}))`;
    const row = await conn
      .updateTable('dossiers')
      .set({
        ...patch,
        status_history: sql<string>`status_history || ${entry}`,
        version: sql<number>`version + 1`,
        updated_at: event.at,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    // seq is the next number of the dossier: the UPDATE above holds the dossier's row until commit.
    await conn
      .insertInto('dossier_events')
      .values({
        id: uuidv7(event.at.getTime()),
        dossier_id: id,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from dossier_events where dossier_id = ${id}::uuid)`,
        action: event.action,
        from_status: event.fromStatus,
        to_status: row.status,
        actor_id: event.actorId,
        actor_name: event.actorName,
        agency_id: event.agencyId,
        at: event.at,
        note: event.note,
        reason: event.reason,
        step: row.current_step,
        data: JSON.stringify(event.data),
      })
      .execute();
    return row;
  }

  async events(dossierId: string): Promise<EventRow[]> {
    return this.db
      .selectFrom('dossier_events')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .orderBy('seq', 'asc')
      .execute();
  }

  /**
   * The inbox's rows reached through one agency column: `current` (the responsible agency) or `receiving`
   * (the agency that received it and is not responsible for it any more). Every visible dossier is in
   * exactly one of the two branches, and each branch can be read in urgency order from its own index
   * (migrations/0024_dossier_inbox_order.sql), which an OR of both columns could not.
   */
  private filtered(f: InboxFilter, branch: 'current' | 'receiving') {
    let q =
      branch === 'current'
        ? this.db.selectFrom('dossiers').where('current_agency_id', 'in', f.agencyIds)
        : this.db
            .selectFrom('dossiers')
            .where('receiving_agency_id', 'in', f.agencyIds)
            .where('current_agency_id', 'not in', f.agencyIds);
    if (f.scope === 'mine') q = q.where('assignee_id', '=', f.userId);
    if (f.scope === 'department') {
      const roles = f.roles.filter((r) => r.agencyIds.length > 0);
      if (roles.length === 0) q = q.where(sql<boolean>`false`);
      else
        q = q.where((eb) =>
          eb.and([
            eb.or(roles.map((r) => eb.and([eb('step_role', '=', r.role), eb('current_agency_id', 'in', r.agencyIds)]))),
            eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '=', f.userId)]),
          ]),
        );
    }
    // States are literals (a fixed enum, validated by the route): with parameters, the prepared statement's
    // generic plan could not prove the partial indexes' `status in (…)` predicate and would not use them.
    if (f.statuses.length > 0)
      q = q.where(
        'status',
        'in',
        f.statuses.map((s) => sql.lit<string>(s)),
      );
    if (f.procedureCode) q = q.where('procedure_code', '=', f.procedureCode);
    if (f.channel) q = q.where('channel', '=', f.channel as 'counter' | 'online' | 'post');
    if (f.receivedFrom) q = q.where('received_at', '>=', f.receivedFrom);
    if (f.receivedTo) q = q.where('received_at', '<', f.receivedTo);
    if (f.q) {
      const pattern = likeContains(f.q);
      const digits = f.q.replace(/\D/g, '');
      q = q.where((eb) =>
        eb.or([
          eb(sql<string>`lower(code)`, 'like', pattern),
          eb(sql<string>`applicant->>'name_search'`, 'like', pattern),
          eb(sql<string>`lower(applicant->>'id_number')`, '=', f.q),
          ...(digits.length >= 4 ? [eb(sql<string>`applicant->>'phone'`, 'like', likeContains(digits))] : []),
        ]),
      );
    }
    return q;
  }

  /**
   * The inbox page sorted by urgency. Overdue, due today and due soon are ranges of the urgency instant
   * (INBOX_ORDER) ending at increasing instants, so urgency order is that instant ascending (none last), then id.
   * Each branch reads its first `limit + 1` rows in index order; the page is the first of their union.
   */
  private pageQuery(f: InboxFilter, limit: number, cursor: Cursor | null) {
    const branch = (name: 'current' | 'receiving') => {
      let q = this.filtered(f, name).select([
        ...LIST_COLUMNS,
        sql<DossierRow['applicant']>`jsonb_build_object('name', applicant->'name')`.as('applicant'),
        INBOX_ORDER.as('urgency'),
      ]);
      if (cursor) {
        q = q.where(sql<boolean>`(${INBOX_ORDER}, id) > (${String(cursor.k)}::timestamptz, ${cursor.id}::uuid)`);
      }
      return q
        .orderBy(INBOX_ORDER, 'asc')
        .orderBy('id', 'asc')
        .limit(limit + 1);
    };
    return this.db
      .selectFrom(
        this.db
          .selectFrom(branch('current').as('c'))
          .selectAll()
          // each branch keeps its ORDER BY … LIMIT inside its own subquery
          .unionAll(this.db.selectFrom(branch('receiving').as('r')).selectAll())
          .as('inbox'),
      )
      .selectAll()
      .orderBy('urgency', 'asc')
      .orderBy('id', 'asc')
      .limit(limit + 1);
  }

  /** How many of the filtered dossiers are overdue, due today, due soon and on time (index-only scans). */
  private countsQuery(f: InboxFilter, b: UrgencyBounds) {
    const branch = (name: 'current' | 'receiving') => this.filtered(f, name).select(INBOX_ORDER.as('u'));
    return this.db.selectFrom(branch('current').unionAll(branch('receiving')).as('inbox')).select([
      sql<string>`count(*) filter (where u < ${b.now})`.as('overdue'),
      sql<string>`count(*) filter (where u >= ${b.now} and u < ${b.endOfToday})`.as('due_today'),
      sql<string>`count(*) filter (where u >= ${b.endOfToday} and u < ${b.endOfSoon})`.as('due_soon'),
      sql<string>`count(*) filter (where u >= ${b.endOfSoon})`.as('on_time'),
      sql<string>`count(*)`.as('total'),
      // The first instant at which one of these dossiers changes urgency class (an answer computed now
      // holds until then, inside the local day: dossiers.inbox-cache.ts).
      sql<Date | null>`min(u) filter (where u >= ${b.now})`.as('next_change'),
    ]);
  }

  /**
   * The change counter of these agencies' dossiers (migrations/0026_dossier_agency_versions.sql): the sum of
   * their counters, which only grow, so an equal sum means nothing an inbox over them shows has changed.
   */
  async inboxVersion(agencyIds: readonly string[]): Promise<string> {
    // Every inbox answer given again from a node's memory runs it: one text whatever the number of agencies,
    // built once (db/prepared.ts).
    this.versionOf ??= preparedWithValue((ids: string[]) => this.versionQuery(ids));
    const { rows } = await this.db.executeQuery(this.versionOf([...agencyIds]));
    return rows[0]?.version ?? '0';
  }

  private versionOf: ((agencyIds: string[]) => CompiledQuery<{ version: string }>) | undefined;

  private versionQuery(agencyIds: readonly string[]) {
    return this.db
      .selectFrom('dossier_agency_versions')
      .select(sql<string>`coalesce(sum(version), 0)::text`.as('version'))
      .where(sql<boolean>`agency_id = any(${agencyIds}::uuid[])`);
  }

  /**
   * The page (up to `limit + 1` rows, to tell whether there is a next one) and the urgency counts of the same
   * filter in one statement and one row: the counts, the agencies' change counter read in the same snapshot
   * (for the inbox cache), and the page as one JSON array built by PostgreSQL. One round trip on the officers'
   * most frequent request (issue 3 §7).
   * Instants travel as epoch milliseconds (no time zone or text format involved), truncated as Date keeps them.
   */
  async inbox(f: InboxFilter, limit: number, cursor: Cursor | null, b: UrgencyBounds) {
    const ms = (column: string) => sql<number | null>`floor(extract(epoch from ${sql.ref(`p.${column}`)}) * 1000)`;
    const { rows: result } = await this.db.executeQuery(
      prepared(
        this.db
          .with('counts', () => this.countsQuery(f, b))
          .with('page', () => this.pageQuery(f, limit, cursor))
          .selectFrom('counts')
          .selectAll()
          .select(() => this.versionQuery(f.agencyIds).as('version'))
          .select((eb) =>
            eb
              .selectFrom('page as p')
              .select(
                sql<string>`coalesce(json_agg(json_build_object(
                  'id', p.id, 'code', p.code, 'procedure_code', p.procedure_code, 'procedure_name', p.procedure_name,
                  'status', p.status, 'channel', p.channel, 'current_agency_id', p.current_agency_id,
                  'current_step', p.current_step, 'assignee_id', p.assignee_id,
                  'receiving_agency_id', p.receiving_agency_id, 'received_at', ${ms('received_at')},
                  'submitted_at', ${ms('submitted_at')}, 'accept_by', ${ms('accept_by')}, 'due_at', ${ms('due_at')},
                  'version', p.version, 'applicant', p.applicant
                ) order by p.urgency, p.id), '[]')::text`.as('page'),
              )
              .as('page'),
          ),
      ),
    );
    const first = result[0];
    const counts = {
      overdue: Number(first?.overdue ?? 0),
      dueToday: Number(first?.due_today ?? 0),
      dueSoon: Number(first?.due_soon ?? 0),
      onTime: Number(first?.on_time ?? 0),
      total: Number(first?.total ?? 0),
    };
    const rows = (JSON.parse(first?.page ?? '[]') as PageJson[]).map(listRowOfJson);
    // Read in the same statement (one snapshot) as the rows and counts they vouch for.
    return { rows, counts, version: first?.version ?? '0', nextChange: first?.next_change ?? null };
  }
}

/** An inbox row as the page's JSON carries it: instants as epoch milliseconds. */
type PageJson = Omit<DossierListRow, 'received_at' | 'submitted_at' | 'accept_by' | 'due_at'> & {
  received_at: number;
  submitted_at: number | null;
  accept_by: number | null;
  due_at: number | null;
};

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

function listRowOfJson(r: PageJson): DossierListRow {
  return {
    ...r,
    received_at: new Date(r.received_at),
    submitted_at: dateOrNull(r.submitted_at),
    accept_by: dateOrNull(r.accept_by),
    due_at: dateOrNull(r.due_at),
  };
}
