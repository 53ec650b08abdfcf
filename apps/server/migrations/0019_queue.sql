-- Counter queue (máy xếp hàng) of the Bộ phận Tiếp nhận và Trả kết quả: issue 4 §2.
-- A citizen takes a number for a field (lĩnh vực) at a kiosk; an officer at a counter (quầy) calls it;
-- a display board shows the called numbers live. Numbers restart every local day per agency and field
-- letter (A001, B001…). Board changes bump queue_board_versions (and NOTIFY saola_queue on PostgreSQL),
-- so every app node's server-sent-event streams learn of them from the database, never from memory.

create table queue_fields (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null,
  field text not null check (char_length(field) between 1 and 200),
  prefix text not null check (prefix ~ '^[A-Z]$'),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, field),
  unique (agency_id, prefix)
);
comment on table queue_fields is 'Lĩnh vực nhận số thứ tự tại ki-ốt của một cơ quan, mỗi lĩnh vực một chữ cái đầu số (A001, B001…).';
comment on column queue_fields.field is 'Tên lĩnh vực như trong danh mục thủ tục hành chính (procedures.field).';

create table queue_counters (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null,
  code text not null check (code ~ '^[0-9A-Za-z]{1,10}$'),
  name text not null check (char_length(name) between 1 and 100),
  fields jsonb not null default '[]' check (jsonb_typeof(fields) = 'array'),
  active boolean not null default true,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, code)
);
comment on table queue_counters is 'Quầy tiếp nhận và trả kết quả của một cơ quan; mỗi quầy phục vụ một số lĩnh vực.';
comment on column queue_counters.fields is 'Danh sách tên lĩnh vực (queue_fields.field) quầy phục vụ.';

create table queue_sequences (
  agency_id uuid not null,
  day date not null,
  prefix text not null check (prefix ~ '^[A-Z]$'),
  last_seq integer not null check (last_seq between 1 and 999),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (agency_id, day, prefix)
);
comment on table queue_sequences is 'Số thứ tự cuối cùng đã cấp trong ngày theo cơ quan và chữ cái lĩnh vực (1–999). Không bao giờ giảm.';

create table queue_tickets (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null,
  day date not null,
  number text not null check (number ~ '^[A-Z][0-9]{3}$'),
  field text not null,
  status text not null default 'waiting'
    check (status in ('waiting', 'called', 'serving', 'done', 'skipped', 'transferred')),
  -- A transferred ticket waits for this counter only (null = any counter serving its field).
  target_counter_id uuid references queue_counters (id),
  counter_id uuid references queue_counters (id),
  served_by uuid,
  transferred_from_id uuid references queue_tickets (id),
  call_count integer not null default 0 check (call_count >= 0),
  taken_at timestamptz not null,
  queued_at timestamptz not null,
  called_at timestamptz,
  last_called_at timestamptz,
  serving_started_at timestamptz,
  finished_at timestamptz,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status = 'waiting' or counter_id is not null),
  check (status not in ('done', 'skipped', 'transferred') or finished_at is not null)
);
comment on table queue_tickets is 'Phiếu số thứ tự. Chuyển quầy: phiếu cũ thành transferred, một phiếu mới cùng số chờ ở quầy/lĩnh vực đích.';
comment on column queue_tickets.taken_at is 'Lúc người dân lấy số (phiếu chuyển quầy giữ giờ lấy số của phiếu gốc: được gọi trước).';
comment on column queue_tickets.queued_at is 'Lúc phiếu bắt đầu chờ: thời gian chờ = called_at − queued_at.';
create index queue_tickets_waiting on queue_tickets (agency_id, day, taken_at, number) where status = 'waiting';
create index queue_tickets_day on queue_tickets (agency_id, day);
-- One ticket at a time at a counter.
create unique index queue_tickets_one_current on queue_tickets (counter_id) where status in ('called', 'serving');

create table queue_board_versions (
  agency_id uuid primary key,
  version bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table queue_board_versions is 'Tăng mỗi khi bảng hiển thị của cơ quan đổi: các luồng sự kiện (SSE) của mọi máy chủ dò bảng này.';

-- quan_tri also gets queue.serve: giving a role needs every permission of that role (org.policy.ts,
-- no privilege escalation), so without it an administrator could no longer assign can_bo_mot_cua.
insert into role_permissions (role_code, permission) values
  ('can_bo_mot_cua', 'queue.serve'),
  ('quan_tri', 'queue.serve'),
  ('quan_tri', 'queue.manage');
