-- Audit log (issue 2 §5): who did what, when, from where; append-only and hash-chained.
--
-- Each row's `hash` is SHA-256 over a canonical serialization of its fields plus `prev_hash`
-- (the previous row's hash; 64 zeros for seq 1). The serialization is defined in
-- apps/server/src/modules/audit/audit.canonical.ts. Appends are serialized by locking the single
-- row of audit_chain_head, so seq is gap-free (1, 2, 3…) and the chain never forks.

create table audit_log (
  id uuid primary key,
  seq bigint not null unique check (seq > 0),
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('staff', 'citizen', 'token', 'anonymous', 'system')),
  actor_id text,
  actor_name text,
  ip text,
  user_agent text,
  request_id text,
  action text not null check (length(action) between 1 and 100),
  entity_type text not null check (length(entity_type) between 1 and 100),
  entity_id text,
  -- No foreign key: the log outlives the rows it talks about and belongs to no other module.
  agency_id uuid,
  before jsonb,
  after jsonb,
  note text,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
  -- Rows are never updated, so there is no updated_at; created_at is the database's own time.
  created_at timestamptz not null default now()
);
comment on table audit_log is 'Nhật ký hệ thống: chỉ ghi thêm, mỗi dòng móc xích băm SHA-256 với dòng trước (Điều 5, issue 2).';
comment on column audit_log.seq is 'Số thứ tự liên tục 1, 2, 3…; thứ tự của chuỗi băm.';
comment on column audit_log.at is 'Thời điểm xảy ra (đồng hồ ứng dụng), nằm trong phần được băm.';
comment on column audit_log.agency_id is 'Cơ quan sở hữu dòng nhật ký (phạm vi xem); null = toàn hệ thống.';
comment on column audit_log.before is 'Giá trị trước thay đổi; các khóa bí mật (mật khẩu, token…) đã được thay bằng "[đã ẩn]".';
comment on column audit_log.hash is 'SHA-256 (hex) của dạng chuẩn hóa các trường + prev_hash.';
create index audit_log_agency_seq on audit_log (agency_id, seq);
create index audit_log_at on audit_log (at);
create index audit_log_entity on audit_log (entity_type, entity_id);
create index audit_log_actor on audit_log (actor_id);

create table audit_chain_head (
  id boolean primary key default true check (id),
  seq bigint not null check (seq >= 0),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now()
);
comment on table audit_chain_head is 'Một dòng duy nhất: seq và hash cuối cùng của nhật ký; khóa (FOR UPDATE) khi ghi để chuỗi không rẽ nhánh.';
insert into audit_chain_head (id, seq, hash) values (true, 0, repeat('0', 64));

-- Append-only, enforced by the database itself. A superuser can still disable the trigger;
-- the hash chain (POST /api/v1/audit/verify, `saola verify-audit`) then shows the changed row.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'Nhật ký hệ thống chỉ được ghi thêm: không được % bảng %.', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create function audit_chain_head_keep() returns trigger language plpgsql as $$
begin
  raise exception 'Không được % bảng %.', tg_op, tg_table_name using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_chain_head_no_delete before delete on audit_chain_head
  for each row execute function audit_chain_head_keep();
create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
  for each statement execute function audit_chain_head_keep();
