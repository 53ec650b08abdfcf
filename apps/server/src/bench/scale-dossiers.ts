import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { foldVietnamese } from '../modules/org/org.search.js';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES } from './scale-names.js';
import { type ScaleTarget, slotRanges } from './scale-plan.js';

/**
 * Set-based generation of the scale dossiers and their events (INSERT … SELECT over generate_series on ONE
 * connection, temporary tables for the plan). Every dossier is drawn the same way:
 * - target (procedure × agency) by weight; reception day uniform-ish over the working days of the period
 *   (slightly more recent than old: volumes grow); time of day 07:30–16:30; channel by the procedure's online mode;
 * - due date = 17:00 of the n-th working day after the reception day (the working calendar of the calendar module,
 *   holidays included; the cut-off time moves the reception day); online dossiers are accepted the same day and
 *   must be accepted within 8 working hours (accept_by ≈ the next working day, same time + 30 min);
 * - ~8 % had a supplement round (the clock paused 1–4 working days, due date moved by as much), ~1.5 % of
 *   procedures of ≥ 3 days were extended once (Mẫu 04), ~5 % finish after their due date, ~1 % are never
 *   finished (the overdue backlog of an inbox);
 * - finished (finish instant before now): returned, or refused / withdrawn (online and post, before acceptance),
 *   rejected, stopped, result not collected; in progress: awaiting acceptance (online), received at some workflow
 *   step, waiting for a supplement, transferred to Sở Tư pháp, result ready;
 * - events per dossier (submit, receive, request_supplement/supplement, extend_deadline, forward × steps, approve,
 *   attach_result, return_result, or the terminal action), at increasing instants ending at the finish instant.
 * Codes: agency code + reception date + the dossier's number in the agency's day, after the numbers already
 * handed out (dossier_code_sequences), which are then advanced so that new receptions never collide.
 */

const SLOTS = 100_000;
/** Dossiers never finished (the overdue backlog an inbox carries): share of all dossiers. */
const STUCK_SHARE = 0.01;
/** Dossiers finished after their due date: share of all dossiers. */
const LATE_SHARE = 0.05;
const TZ = 'Asia/Ho_Chi_Minh';

export interface ScaleDossierOptions {
  dossiers: number;
  years: number;
  now: Date;
  /** Working days (YYYY-MM-DD, ascending) from before the period's start to well after now. */
  workingDays: string[];
  targets: ScaleTarget[];
  transferAgencyId: string;
  /** Reproducible draws (setseed). */
  seed?: number;
  log: (message: string) => void;
}

export interface ScaleDossierResult {
  dossiers: number;
  events: number;
  byStatus: Record<string, number>;
}

type Exec = (query: RawBuilder<unknown>) => Promise<number>;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const elapsed = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString('vi-VN');

export async function insertScaleDossiers(db: Kysely<DB>, o: ScaleDossierOptions): Promise<ScaleDossierResult> {
  if (o.targets.length === 0) throw new Error('Không có thủ tục nào có cơ quan thực hiện: không thể sinh hồ sơ.');
  return db.connection().execute(async (conn) => {
    const exec: Exec = async (q) => Number((await q.execute(conn)).numAffectedRows ?? 0);
    const t0 = Date.now();
    await createPlanTables(exec, o);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(o.now);
    const start = new Date(o.now.getTime() - o.years * 365.25 * 86_400_000);
    const startDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(start);
    const firstOrd = o.workingDays.findIndex((d) => d >= startDay) + 1;
    // Today counts when it is a working day and the office has opened (receptions happen before now).
    const nowLocal = new Intl.DateTimeFormat('sv-SE', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(o.now);
    const opened = o.workingDays.includes(today) && nowLocal.slice(11) > '07:45:00';
    const lastOrd = o.workingDays.filter((d) => d < today || (opened && d === today)).length;
    if (firstOrd < 2 || lastOrd <= firstOrd) throw new Error('Lịch làm việc không phủ hết khoảng thời gian cần sinh.');

    await exec(sql`select setseed(${((o.seed ?? 20_260_101) % 1000) / 1000})`);
    await exec(sql`
      create temp table scale_p1 as
      select g.n, gen_random_uuid() as id, s.t, g.ord as rec_ord, d.day as rec_day,
        g.r_time, g.r_chan, g.r_state, g.r_pause, g.r_ext, g.r_k, g.r_late, g.r_acc, g.r_step, g.r_x, g.r_y,
        g.r_h, g.r_m, g.r_t, g.r_id, g.r_ph
      from (
        select n, floor(random() * ${SLOTS})::int as slot,
          ${lastOrd}::int - floor(power(random(), 1.15) * ${lastOrd - firstOrd + 1})::int as ord,
          random() as r_time, random() as r_chan, random() as r_state, random() as r_pause, random() as r_ext,
          random() as r_k, random() as r_late, random() as r_acc, random() as r_step, random() as r_x, random() as r_y,
          floor(random() * ${FAMILY_NAMES.length})::int as r_h, floor(random() * ${MIDDLE_NAMES.length})::int as r_m,
          floor(random() * ${GIVEN_NAMES.length})::int as r_t, random() as r_id, random() as r_ph
        from generate_series(1, ${o.dossiers}) n
      ) g
      join scale_slot s on s.slot = g.slot
      join scale_day d on d.ord = g.ord`);
    o.log(`  kế hoạch ${fmt(o.dossiers)} hồ sơ (${elapsed(t0)})`);

    await exec(sql`
      create temp table scale_d1 as
      select p.*, tg.agency_id, tg.agency_code, tg.level, tg.due_days, tg.wf_len, tg.roles, tg.has_approval,
        c.channel, c.sub_local, c.acc_local,
        c.rday_ord + tg.due_days as base_ord,
        (p.r_pause < 0.08 and tg.due_days >= 1) as had_pause,
        1 + floor(p.r_x * 4)::int as pause_days,
        (p.r_ext < 0.015 and tg.due_days >= 3) as had_ext,
        3 + floor(p.r_y * 8)::int as ext_days,
        c.rday_ord
      from scale_p1 p
      join scale_target tg on tg.t = p.t
      cross join lateral (
        select x.*,
          p.rec_ord + case when tg.cutoff_min is not null
            and extract(epoch from x.acc_local::time) / 60 > tg.cutoff_min then 1 else 0 end as rday_ord
        from (
          select y.channel, y.sub_local,
            case when y.channel = 'online'
              then least(${nowLocal}::timestamp, y.sub_local + p.r_acc * ((p.rec_day + time '17:00') - y.sub_local))
              else y.sub_local end as acc_local
          from (
            select case when p.r_chan < tg.online_share then 'online'
                when p.r_chan < tg.online_share + (1 - tg.online_share) * 0.06 then 'post' else 'counter' end as channel,
              case when p.rec_day = ${today}::date
                then p.rec_day + time '07:30'
                  + p.r_time * (least(${nowLocal}::timestamp, p.rec_day + time '16:30') - (p.rec_day + time '07:30'))
                else p.rec_day + time '07:30' + p.r_time * interval '9 hours' end as sub_local
          ) y
        ) x
      ) c`);
    await exec(sql`
      create temp table scale_d2 as
      select d.*,
        (d.sub_local at time zone ${TZ}) as sub_at,
        (d.acc_local at time zone ${TZ}) as acc_at,
        ((nx.day + d.sub_local::time + interval '30 minutes') at time zone ${TZ}) as accept_by,
        ((pf.day + time '09:00') at time zone ${TZ}) as pause_from,
        ((pt.day + time '09:00') at time zone ${TZ}) as pause_to,
        ((ex.day + time '10:00') at time zone ${TZ}) as ext_at
      from scale_d1 d
      join scale_day nx on nx.ord = d.rec_ord + 1
      join scale_day pf on pf.ord = d.rday_ord + 1
      join scale_day pt on pt.ord = d.rday_ord + 1 + d.pause_days
      join scale_day ex on ex.ord = d.base_ord + d.pause_days - 1`);
    await exec(sql`drop table scale_d1`);
    // Pauses and extensions only when they have happened by now; an open pause = waiting for a supplement.
    await exec(sql`
      create temp table scale_d3 as
      select d.*,
        (d.had_pause and d.pause_to <= ${o.now}) as pause_closed,
        (d.had_pause and d.pause_from <= ${o.now} and d.pause_to > ${o.now}) as pause_open,
        (d.had_ext and d.ext_at <= ${o.now}) as extended,
        ((od.day + time '17:00') at time zone ${TZ}) as orig_due_at
      from scale_d2 d
      join scale_day od on od.ord = d.base_ord`);
    await exec(sql`drop table scale_d2`);
    await exec(sql`
      create temp table scale_d4 as
      select d.*, f.finish_at, f.due_at, ((pe.day + time '17:00') at time zone ${TZ}) as pre_ext_due
      from scale_d3 d
      join scale_day pe on pe.ord = d.base_ord + case when d.pause_closed then d.pause_days else 0 end
      join scale_day dd on dd.ord = d.base_ord
        + case when d.pause_closed then d.pause_days else 0 end + case when d.extended then d.ext_days else 0 end
      cross join lateral (select ((dd.day + time '17:00') at time zone ${TZ}) as due_at) du
      cross join lateral (
        select du.due_at,
          greatest(
            case when d.r_late < ${STUCK_SHARE} then ${o.now}::timestamptz + interval '1000 days'
              else d.acc_at + (du.due_at - d.acc_at)
                * case when d.r_late < ${STUCK_SHARE + LATE_SHARE} then 1.02 + d.r_k * 0.6 else 0.15 + d.r_k * 0.83 end
            end,
            case when d.pause_closed then d.pause_to + interval '2 hours' else d.acc_at end,
            case when d.extended then d.ext_at + interval '2 hours' else d.acc_at end
          ) as finish_at
      ) f`);
    await exec(sql`drop table scale_d3`);
    o.log(`  thời hạn, tạm dừng, gia hạn (${elapsed(t0)})`);

    // Final state and the columns that follow from it.
    await exec(sql`
      create temp table scale_dd as
      select d.n, d.id, d.t, d.rec_day, d.agency_id, d.agency_code, d.channel, d.roles, d.wf_len, s.status,
        d.sub_at, d.accept_by, d.pause_from, d.pause_to, d.ext_at, d.orig_due_at, d.r_x, d.r_h, d.r_m, d.r_t, d.r_id,
        d.r_ph, d.pre_ext_due,
        (d.pause_closed and s.status not in ('submitted', 'refused', 'withdrawn')) as pause_closed,
        (d.extended and s.status not in ('submitted', 'refused', 'withdrawn')) as extended,
        (s.status not in ('submitted', 'refused', 'withdrawn')) as accepted,
        case when s.status in ('submitted', 'refused', 'withdrawn') then d.sub_at else d.acc_at end as received_at,
        case when s.status in ('submitted', 'refused', 'withdrawn') then null else d.due_at end as due_at,
        case when s.status in ('submitted', 'refused', 'withdrawn') then null else d.orig_due_at end as original_due_at,
        st.step,
        (s.status in ('returned', 'result_ready') and d.has_approval) as approved,
        case when s.status = 'supplement_requested'
          then case when d.pause_open then d.pause_from else d.acc_at + (${o.now} - d.acc_at) * 0.5 end end as paused_since,
        case
          when s.status in ('refused', 'withdrawn') then least(${o.now}::timestamptz,
            d.sub_at + (0.1 + d.r_x * 0.8) * ((d.rec_day + time '17:00') at time zone ${TZ} - d.sub_at))
          when s.status = 'supplement_requested' and d.pause_open then d.pause_from
          when s.status = 'supplement_requested' then d.acc_at + (${o.now} - d.acc_at) * 0.5
          when d.finish_at <= ${o.now} then d.finish_at
          else greatest(d.acc_at + (${o.now} - d.acc_at) * (0.5 + 0.49 * d.r_y),
            case when d.pause_closed then d.pause_to + interval '1 minute' else d.acc_at end,
            case when d.extended then d.ext_at + interval '1 minute' else d.acc_at end)
        end as end_at,
        row_number() over (partition by d.agency_code, d.rec_day order by d.sub_local, d.n) as day_rank
      from scale_d4 d
      cross join lateral (
        select case
          when d.finish_at <= ${o.now} then
            case when d.channel = 'online' and d.r_state < 0.02 then 'refused'
              when d.channel = 'online' and d.r_state < 0.035 then 'withdrawn'
              when d.r_state >= 0.035 and d.r_state < 0.05 then 'rejected'
              when d.r_state >= 0.05 and d.r_state < 0.055 then 'stopped'
              when d.r_state >= 0.055 and d.r_state < 0.065 then 'result_ready'
              else 'returned' end
          when d.pause_open then 'supplement_requested'
          when d.channel = 'online' and ${o.now} < d.accept_by and d.r_state < 0.5 then 'submitted'
          when not d.had_pause and d.due_days >= 1 and d.r_state < 0.06 then 'supplement_requested'
          when d.level = 'xa' and d.r_state < 0.09 then 'transferred'
          when (extract(epoch from ${o.now} - d.acc_at) / greatest(1, extract(epoch from d.finish_at - d.acc_at))) > 0.85
            then 'result_ready'
          else 'received' end as status
      ) s
      cross join lateral (
        select case
          when s.status in ('submitted', 'refused', 'withdrawn', 'transferred') then null
          when s.status in ('returned', 'result_ready') then d.wf_len - 1
          when s.status = 'received' and d.r_late < ${STUCK_SHARE} then least(d.wf_len - 1, floor(d.r_step * d.wf_len)::int)
          when s.status = 'received' then least(d.wf_len - 1, floor(d.wf_len
            * extract(epoch from ${o.now} - d.acc_at) / greatest(1, extract(epoch from d.finish_at - d.acc_at)))::int)
          else least(d.wf_len - 1, floor(d.r_step * d.wf_len)::int) end as step
      ) st`);
    await exec(sql`drop table scale_d4`);
    await exec(sql`create index on scale_dd (n)`);
    const maxSeq = await conn
      .selectNoFrom(
        sql<number>`(select coalesce(max(d.day_rank + coalesce(s.last_seq, 0)), 0)
        from scale_dd d left join dossier_code_sequences s on s.agency_code = d.agency_code and s.day = d.rec_day)`.as(
          'm',
        ),
      )
      .executeTakeFirstOrThrow();
    if (Number(maxSeq.m) > 9999)
      throw new Error(
        `Một cơ quan nhận quá 9 999 hồ sơ trong một ngày (${maxSeq.m}): giảm --dossiers hoặc tăng --years.`,
      );
    o.log(`  trạng thái và mã hồ sơ (${elapsed(t0)})`);

    const chunk = Math.max(10_000, Math.ceil(o.dossiers / 20));
    let events = 0;
    let done = 0;
    // Each chunk's events are made first in scale_ev, so that the dossiers' public history
    // (status_history, migrations/0025) is their aggregate; they are copied to dossier_events after the dossiers.
    await exec(sql`drop table if exists scale_ev`);
    await exec(sql`create temp table scale_ev (like dossier_events including defaults)`);
    await exec(sql`drop table if exists scale_hist`);
    await exec(sql`create temp table scale_hist (dossier_id uuid primary key, history jsonb not null)`);
    for (let lo = 1; lo <= o.dossiers; lo += chunk) {
      const hi = Math.min(o.dossiers, lo + chunk - 1);
      events += await exec(insertEventsSql(lo, hi));
      // The histories in a keyed table: joined to the dossiers' select as a grouped subquery, the planner
      // re-ran the grouping for every dossier (minutes for 10,000).
      await exec(sql`
        insert into scale_hist
        select ev.dossier_id, jsonb_agg(jsonb_build_object(
            'at', to_char(ev.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', ev.to_status)
          order by ev.seq)
        from scale_ev ev group by ev.dossier_id`);
      await exec(sql`analyze scale_hist`);
      done += await exec(insertDossiersSql(lo, hi, o.transferAgencyId));
      await exec(sql`insert into dossier_events select * from scale_ev`);
      await exec(sql`truncate scale_ev, scale_hist`);
      o.log(`  ${fmt(done)} / ${fmt(o.dossiers)} hồ sơ, ${fmt(events)} sự kiện (${elapsed(t0)})`);
    }
    await exec(sql`
      insert into dossier_code_sequences (agency_code, day, last_seq)
      select d.agency_code, d.rec_day, max(d.day_rank + coalesce(s.last_seq, 0))
      from scale_dd d left join dossier_code_sequences s on s.agency_code = d.agency_code and s.day = d.rec_day
      group by d.agency_code, d.rec_day
      on conflict (agency_code, day) do update
        set last_seq = greatest(dossier_code_sequences.last_seq, excluded.last_seq), updated_at = now()`);
    const statuses = await sql<{ status: string; c: number }>`
      select status, count(*)::int as c from scale_dd group by status order by status`.execute(conn);
    for (const tbl of [
      'scale_dd',
      'scale_ev',
      'scale_hist',
      'scale_p1',
      'scale_target',
      'scale_slot',
      'scale_day',
      'scale_name',
    ])
      await exec(sql`drop table if exists ${sql.table(tbl)}`);
    return {
      dossiers: done,
      events,
      byStatus: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.c)])),
    };
  });
}

async function createPlanTables(exec: Exec, o: ScaleDossierOptions) {
  for (const tbl of ['scale_dd', 'scale_d1', 'scale_d2', 'scale_d3', 'scale_d4', 'scale_p1'])
    await exec(sql`drop table if exists ${sql.table(tbl)}`);
  await exec(sql`drop table if exists scale_target`);
  await exec(sql`
    create temp table scale_target (
      t int primary key, procedure_id uuid not null, procedure_code text not null, procedure_name text not null,
      revision int not null, processing_time jsonb not null, cutoff text, cutoff_min int, due_days int not null,
      online_share float8 not null, wf_len int not null, roles jsonb not null, has_approval boolean not null,
      components jsonb not null, level text not null, agency_id uuid not null, agency_code text not null,
      agency_name text not null,
      mc_id uuid not null, mc_name text not null, cv_id uuid not null, cv_name text not null,
      ld_id uuid not null, ld_name text not null)`);
  for (const part of chunks(o.targets, 200)) {
    await exec(
      sql`insert into scale_target values ${sql.join(
        part.map((t) => {
          const p = t.procedure;
          const of = t.agency.officers;
          return sql`(${t.t}, ${p.procedureId}, ${p.code}, ${p.name}, ${p.revision},
          ${JSON.stringify({ amount: p.processingTime.amount, unit: p.processingTime.unit })}, ${p.cutoff},
          ${t.cutoffMinutes}, ${t.dueDays}, ${t.onlineShare}, ${t.roles.length}, ${JSON.stringify(t.roles)},
          ${t.hasApproval}, ${JSON.stringify(t.components)}, ${p.level}, ${t.agency.id}, ${t.agency.code},
          ${t.agency.name},
          ${of.can_bo_mot_cua.id}, ${of.can_bo_mot_cua.fullName}, ${of.chuyen_vien.id}, ${of.chuyen_vien.fullName},
          ${of.lanh_dao.id}, ${of.lanh_dao.fullName})`;
        }),
      )}`,
    );
  }
  await exec(sql`drop table if exists scale_slot`);
  await exec(sql`create temp table scale_slot (slot int primary key, t int not null)`);
  for (const part of chunks(slotRanges(o.targets, SLOTS), 500))
    await exec(sql`
      insert into scale_slot
      select g, r.t from (values ${sql.join(part.map((r) => sql`(${r.t}::int, ${r.lo}::int, ${r.hi}::int)`))}) as r(t, lo, hi)
      cross join lateral generate_series(r.lo, r.hi - 1) g`);
  await exec(sql`drop table if exists scale_day`);
  await exec(sql`create temp table scale_day (ord int primary key, day date not null unique)`);
  for (const [i, part] of chunks(o.workingDays, 500).entries())
    await exec(
      sql`insert into scale_day values ${sql.join(part.map((d, j) => sql`(${i * 500 + j + 1}::int, ${d}::date)`))}`,
    );
  await exec(sql`drop table if exists scale_name`);
  await exec(sql`create temp table scale_name (kind text, i int, part text, folded text, primary key (kind, i))`);
  const names = [
    ...FAMILY_NAMES.map((p, i) => ['h', i, p] as const),
    ...MIDDLE_NAMES.map((p, i) => ['m', i, p] as const),
    ...GIVEN_NAMES.map((p, i) => ['t', i, p] as const),
  ];
  await exec(
    sql`insert into scale_name values ${sql.join(
      names.map(([k, i, p]) => sql`(${k}, ${i}::int, ${p}, ${foldVietnamese(p)})`),
    )}`,
  );
}

function insertDossiersSql(lo: number, hi: number, transferAgencyId: string) {
  return sql`
    insert into dossiers (id, code, procedure_id, procedure_code, procedure_name, procedure_revision, processing_time,
      cutoff, receiving_agency_id, current_agency_id, channel, applicant, applicant_citizen_id, form_data, components,
      status, resume_state, current_step, step_role, approved, assignee_id, received_at, submitted_at, accept_by,
      due_at, original_due_at, extended, extended_at, paused_since, pauses, result_file_ids, created_by, version,
      created_at, updated_at, status_history)
    select d.id,
      d.agency_code || '-' || to_char(d.rec_day, 'YYMMDD') || '-' || lpad((d.day_rank + coalesce(sq.last_seq, 0))::text, 4, '0'),
      tg.procedure_id, tg.procedure_code, tg.procedure_name, tg.revision, tg.processing_time, tg.cutoff,
      d.agency_id,
      case when d.status = 'transferred' then ${transferAgencyId}::uuid else d.agency_id end,
      d.channel,
      jsonb_build_object(
        'name', nh.part || ' ' || nm.part || ' ' || nt.part,
        'name_search', nh.folded || ' ' || nm.folded || ' ' || nt.folded,
        'id_number', '0' || (44 + floor(d.r_id * 2)::int)::text || lpad(floor(d.r_id * 1e9)::bigint::text, 9, '0'),
        'phone', '09' || lpad(floor(d.r_ph * 1e8)::bigint::text, 8, '0'),
        'email', null,
        'address', 'Thôn ' || (1 + d.n % 12)::text || ', ' || replace(tg.agency_name, 'UBND ', '') || ', tỉnh Quảng Trị'),
      null, '{}'::jsonb, tg.components,
      d.status,
      case when d.status = 'supplement_requested' then 'received' end,
      d.step,
      case when d.step is not null then tg.roles ->> d.step end,
      d.approved,
      case when d.status in ('received', 'supplement_requested') then
        case tg.roles ->> d.step when 'can_bo_mot_cua' then tg.mc_id when 'chuyen_vien' then tg.cv_id
          when 'lanh_dao' then tg.ld_id end end,
      d.received_at,
      case when d.channel = 'online' then d.sub_at end,
      case when d.channel = 'online' then d.accept_by end,
      d.due_at, d.original_due_at, d.extended,
      case when d.extended then d.ext_at end,
      d.paused_since,
      case when d.pause_closed then jsonb_build_array(jsonb_build_object('from', d.pause_from, 'to', d.pause_to))
        else '[]'::jsonb end,
      '[]'::jsonb,
      case when d.channel = 'online' then null else tg.mc_id end,
      1 + case when d.accepted then 1 else 0 end,
      d.sub_at, d.end_at, coalesce(h.history, '[]'::jsonb)
    from scale_dd d
    join scale_target tg on tg.t = d.t
    left join scale_hist h on h.dossier_id = d.id
    join scale_name nh on nh.kind = 'h' and nh.i = d.r_h
    join scale_name nm on nm.kind = 'm' and nm.i = d.r_m
    join scale_name nt on nt.kind = 't' and nt.i = d.r_t
    left join dossier_code_sequences sq on sq.agency_code = d.agency_code and sq.day = d.rec_day
    where d.n between ${lo} and ${hi}`;
}

/** to_status of an event action (the state machine's table, dossier-actions.ts). */
const TO_STATUS = (a: string) =>
  sql.raw(`case ${a}
  when 'submit_online' then 'submitted' when 'request_supplement' then 'supplement_requested'
  when 'attach_result' then 'result_ready' when 'return_result' then 'returned' when 'reject' then 'rejected'
  when 'stop' then 'stopped' when 'refuse' then 'refused' when 'withdraw' then 'withdrawn'
  when 'transfer_to_agency' then 'transferred' else 'received' end`);

function insertEventsSql(lo: number, hi: number) {
  return sql`
    insert into scale_ev (dossier_id, seq, action, from_status, to_status, actor_id, actor_name, agency_id, at,
      note, reason, step, data, created_at, updated_at)
    select d.id, e.ord, e.act,
      case when e.ord > 1 then ${TO_STATUS('a.acts[e.ord - 1]')} end,
      ${TO_STATUS('e.act')},
      case when e.act in ('submit_online', 'withdraw') then null
        when e.act in ('receive', 'refuse', 'request_supplement', 'supplement', 'return_result') then tg.mc_id
        when e.act = 'approve' then tg.ld_id else tg.cv_id end,
      case when e.act in ('submit_online', 'withdraw') then nh.part || ' ' || nm.part || ' ' || nt.part
        when e.act in ('receive', 'refuse', 'request_supplement', 'supplement', 'return_result') then tg.mc_name
        when e.act = 'approve' then tg.ld_name else tg.cv_name end,
      d.agency_id, t.at, null,
      case e.act
        when 'request_supplement' then 'Thiếu bản sao giấy tờ tùy thân của người nộp hồ sơ.'
        when 'refuse' then 'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.'
        when 'reject' then 'Không đủ điều kiện giải quyết theo quy định.'
        when 'stop' then 'Người nộp hồ sơ đề nghị dừng giải quyết.'
        when 'withdraw' then 'Người nộp hồ sơ rút hồ sơ.'
        when 'extend_deadline' then 'Cần thêm thời gian xác minh thông tin.' end,
      null,
      case e.act
        when 'receive' then jsonb_build_object('channel', d.channel)
        when 'extend_deadline' then jsonb_build_object('newDueAt', d.due_at, 'previousDueAt', d.pre_ext_due)
        when 'return_result' then jsonb_build_object('returnMethod', case d.channel when 'online' then 'online'
          when 'post' then 'post' else 'counter' end)
        else '{}'::jsonb end,
      t.at, t.at
    from scale_dd d
    join scale_target tg on tg.t = d.t
    join scale_name nh on nh.kind = 'h' and nh.i = d.r_h
    join scale_name nm on nm.kind = 'm' and nm.i = d.r_m
    join scale_name nt on nt.kind = 't' and nt.i = d.r_t
    cross join lateral (
      select
        (case when d.channel = 'online' then array['submit_online'] else '{}'::text[] end)
        || (case when d.accepted then array['receive'] else '{}'::text[] end)
        || (case when d.pause_closed then array['request_supplement', 'supplement'] else '{}'::text[] end)
        || (case when d.extended then array['extend_deadline'] else '{}'::text[] end)
        || array_fill('forward'::text, array[case when d.status in ('returned', 'result_ready')
              then d.wf_len - 1 else coalesce(d.step, 0) end])
        || (case when d.approved then array['approve'] else '{}'::text[] end)
        || (case d.status when 'result_ready' then array['attach_result']
              when 'returned' then array['attach_result', 'return_result'] when 'rejected' then array['reject']
              when 'stopped' then array['stop'] when 'refused' then array['refuse'] when 'withdrawn' then array['withdraw']
              when 'transferred' then array['transfer_to_agency'] when 'supplement_requested' then array['request_supplement']
              else '{}'::text[] end) as acts,
        (case when d.channel = 'online' then array[d.sub_at] else '{}'::timestamptz[] end)
        || (case when d.accepted then array[d.received_at] else '{}'::timestamptz[] end)
        || (case when d.pause_closed then array[d.pause_from, d.pause_to] else '{}'::timestamptz[] end)
        || (case when d.extended then array[d.ext_at] else '{}'::timestamptz[] end) as pre
    ) a
    cross join lateral unnest(a.acts) with ordinality as e(act, ord)
    cross join lateral (
      select case when e.ord <= cardinality(a.pre) then a.pre[e.ord]
        else a.pre[cardinality(a.pre)] + (d.end_at - a.pre[cardinality(a.pre)])
          * ((e.ord - cardinality(a.pre))::float8 / (cardinality(a.acts) - cardinality(a.pre))) end as at
    ) t
    where d.n between ${lo} and ${hi}`;
}
