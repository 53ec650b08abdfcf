-- Statistics of dossiers (issue 3 §5): satisfaction ratings, and the daily pre-aggregate that keeps the province
-- statistics for a year fast. Definitions of every count: docs/statistics.md and
-- src/modules/dossiers/dossier-stats.repository.ts. The indicators of Quyết định 766/QĐ-TTg (2022) are computed from
-- these counts in src/modules/statistics/indicators-766.ts.

-- One rating per dossier (mức độ hài lòng), given by the applicant online (issue 4) or at the counter.
create table dossier_ratings (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null unique references dossiers (id),
  -- The agency responsible for the dossier when it was rated (counted in its statistics).
  agency_id uuid not null references agencies (id),
  score smallint not null check (score between 1 and 5),
  comment text check (comment is null or length(comment) <= 2000),
  channel text not null check (channel in ('online', 'counter')),
  rated_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table dossier_ratings is 'Đánh giá mức độ hài lòng của người nộp hồ sơ (1 = rất không hài lòng … 5 = rất hài lòng); mỗi hồ sơ một lần.';
create index dossier_ratings_agency_idx on dossier_ratings (agency_id, rated_at);

-- Daily counts per (agency, procedure, channel) for CLOSED local days (Asia/Ho_Chi_Minh), written by the job
-- 'dossiers.stats-refresh'. Every count is event-based (the day the event happened), so a closed day never changes,
-- except the digitisation counts (files may be added to a dossier later): they are as of the refresh.
create table dossier_stats_daily (
  day date not null,
  agency_id uuid not null,
  procedure_code text not null,
  channel text not null check (channel in ('counter', 'online', 'post')),
  received integer not null default 0,
  resolved_on_time integer not null default 0,
  resolved_late integer not null default 0,
  returned integer not null default 0,
  withdrawn integer not null default 0,
  refused integer not null default 0,
  rejected integer not null default 0,
  stopped integer not null default 0,
  received_digitised integer not null default 0,
  resolved_e_result integer not null default 0,
  rating_1 integer not null default 0,
  rating_2 integer not null default 0,
  rating_3 integer not null default 0,
  rating_4 integer not null default 0,
  rating_5 integer not null default 0,
  -- Changes of the in-progress snapshot during the day (see dossier-stats.repository.ts): stays at the agency that
  -- started / ended, and overdue spells that started / ended. Snapshot at the end of day D = month-end snapshot
  -- + the sum of these deltas from the first day of D's month to D.
  stay_started integer not null default 0,
  stay_ended integer not null default 0,
  overdue_started integer not null default 0,
  overdue_ended integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (agency_id, day, procedure_code, channel)
);
comment on table dossier_stats_daily is 'Số liệu thống kê hồ sơ theo ngày (đã kết thúc), cơ quan, thủ tục, kênh nộp; do công việc nền tổng hợp.';

-- The same counts summed per calendar month (month = its first day), for the months whose every day is aggregated
-- (a year's statistics read 12 rows per key instead of 365). Rebuilt from dossier_stats_daily by the same job.
create table dossier_stats_monthly (like dossier_stats_daily including defaults including constraints);
alter table dossier_stats_monthly add primary key (agency_id, day, procedure_code, channel);
comment on table dossier_stats_monthly is 'Số liệu thống kê hồ sơ theo tháng (day = ngày đầu tháng), tổng hợp từ dossier_stats_daily cho các tháng đã trọn.';

-- Dossiers in progress / overdue at the END of each aggregated MONTH (day = last day of the month), per agency
-- responsible, procedure and channel; the snapshot at the end of any aggregated day adds the daily deltas.
create table dossier_stats_snapshots (
  day date not null,
  agency_id uuid not null,
  procedure_code text not null,
  channel text not null check (channel in ('counter', 'online', 'post')),
  in_progress integer not null default 0,
  overdue integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (agency_id, day, procedure_code, channel)
);
comment on table dossier_stats_snapshots is 'Số hồ sơ đang giải quyết và số hồ sơ quá hạn tại thời điểm cuối mỗi tháng đã tổng hợp.';

-- Watermark: every local day up to aggregated_through (inclusive) is in the two tables above. One row (id = 1).
create table dossier_stats_state (
  id integer primary key check (id = 1),
  aggregated_through date,
  next_run_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
insert into dossier_stats_state (id) values (1);

-- The live part of a query reads the events of the open days by instant.
create index dossier_events_stats_idx on dossier_events (at)
  where action in ('receive', 'attach_result', 'return_result', 'withdraw', 'refuse', 'reject', 'stop', 'transfer_to_agency');
-- The refresh finds the dossiers whose due date passed during the days it aggregates.
create index dossiers_due_idx on dossiers (due_at) where due_at is not null;

insert into role_permissions (role_code, permission) values
  ('lanh_dao', 'statistics.read'),
  ('can_bo_mot_cua', 'statistics.read'),
  ('chuyen_vien', 'statistics.read'),
  ('quan_tri', 'statistics.read')
on conflict do nothing;
