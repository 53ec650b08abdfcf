import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { CoreTables } from '../../db/core.tables.js';
import type { DB } from '../../db/schema.js';

export type JobRow = Selectable<CoreTables['jobs']>;

/** The only code touching the `jobs` table (migrations/0001_core.sql). */
export class JobsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(
    job: { queue: string; payload: Record<string, unknown>; runAt: Date; maxAttempts: number; now: Date },
    trx?: Transaction<DB>,
  ): Promise<number> {
    const row = await (trx ?? this.db)
      .insertInto('jobs')
      .values({
        queue: job.queue,
        payload: JSON.stringify(job.payload),
        run_at: job.runAt,
        max_attempts: job.maxAttempts,
        created_at: job.now,
        updated_at: job.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Claims up to `limit` due jobs of the given queues for this worker, in one statement.
   * `for update skip locked` makes two workers (or two nodes) claim disjoint sets: a row
   * another transaction is claiming is skipped, and a row it has claimed no longer matches
   * status = 'pending' when re-checked. "Now" is a parameter so that tests can move time.
   */
  async claimDue(opts: { now: Date; worker: string; limit: number; queues: string[] }): Promise<JobRow[]> {
    if (opts.queues.length === 0) return [];
    const { now, worker, limit, queues } = opts;
    const result = await sql<JobRow>`
      update jobs
         set status = 'running', locked_at = ${now}, locked_by = ${worker},
             attempts = attempts + 1, updated_at = ${now}
       where id in (
         select id from jobs
          where status = 'pending' and run_at <= ${now}
            and queue in (${sql.join(queues)})
          order by run_at, id
          limit ${limit}
          for update skip locked)
      returning *`.execute(this.db);
    return result.rows.map(normalize);
  }

  /** Marks the job done, if this worker still holds it (a reclaimed job is not ours any more). */
  async markDone(id: number, worker: string, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'done', locked_at: null, locked_by: null, last_error: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records a failed attempt: back to 'pending' at `retryAt`, or 'failed' when retryAt is null. */
  async markAttemptFailed(
    id: number,
    worker: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({
        status: retryAt ? 'pending' : 'failed',
        ...(retryAt ? { run_at: retryAt } : {}),
        locked_at: null,
        locked_by: null,
        last_error: error,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Jobs left in 'running' since before `lockedBefore` belong to a worker that died or hung:
   * they go back to the queue (their attempt counts), or to 'failed' when no attempts remain.
   */
  async reclaimStuck(lockedBefore: Date, now: Date): Promise<number> {
    const r = await this.db
      .updateTable('jobs')
      .set({
        status: sql<'pending' | 'failed'>`case when attempts >= max_attempts then 'failed' else 'pending' end`,
        locked_at: null,
        locked_by: null,
        run_at: now,
        last_error:
          'Công việc bị treo quá thời gian cho phép (tiến trình xử lý có thể đã dừng); được trả lại hàng đợi.',
        updated_at: now,
      })
      .where('status', '=', 'running')
      .where('locked_at', '<', lockedBefore)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Deletes finished jobs: done ones older than `doneBefore`, failed ones older than `failedBefore`. */
  async purgeFinished(doneBefore: Date, failedBefore: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('jobs')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'done'), eb('updated_at', '<', doneBefore)]),
          eb.and([eb('status', '=', 'failed'), eb('updated_at', '<', failedBefore)]),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async findById(id: number): Promise<JobRow | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }
}

/** Raw `returning *` rows: ids as numbers on both engines (int8 parser is set, but be explicit). */
function normalize(row: JobRow): JobRow {
  return { ...row, id: Number(row.id) };
}
