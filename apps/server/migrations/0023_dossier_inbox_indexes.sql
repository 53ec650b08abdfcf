-- Performance of the one-stop scenarios (issue 3 §7, docs/performance.md).

-- 1. Officer's inbox: the "agency" scope filters (current_agency_id in (…) or receiving_agency_id in (…))
--    and an active status. dossiers_receiving_idx returns every dossier a commune ever received and
--    filters the status in the heap; these partial indexes hold only the active dossiers.
create index if not exists dossiers_active_receiving_idx on dossiers (receiving_agency_id)
  where status in ('submitted', 'supplement_requested', 'received', 'transferred', 'result_ready');
create index if not exists dossiers_active_current_idx on dossiers (current_agency_id)
  where status in ('submitted', 'supplement_requested', 'received', 'transferred', 'result_ready');

-- 2. Audit log: one hash chain per agency instead of one for the whole system (ADR 0007).
--    Every reception appended to the single chain and kept its head row locked until commit, so all
--    receptions of the province were serialised. Now the chain key is the row's agency_id (text of
--    the uuid) or 'system' for system-wide rows; each chain has its own head row in audit_chains.
--    Existing rows are not touched (the log is append-only): they stay the 'system' chain, their
--    position in it is their seq (gap-free 1…N by construction) and their hash stays version 1.
--    `seq` becomes a global order number from a sequence (unique, increasing, may have gaps when a
--    transaction rolls back); the gap-free, tamper-evident order is chain_pos within a chain.
alter table audit_log add column chain_key text not null default 'system';
alter table audit_log add column chain_seq bigint check (chain_seq > 0);
alter table audit_log add column chain_pos bigint generated always as (coalesce(chain_seq, seq)) stored;
create unique index audit_log_chain_pos on audit_log (chain_key, chain_pos);
comment on column audit_log.chain_key is 'Chuỗi băm của dòng: mã cơ quan (agency_id) hoặc ''system''; mỗi chuỗi móc xích riêng.';
comment on column audit_log.chain_seq is 'Vị trí trong chuỗi (1, 2, 3…); null với các dòng cũ (phiên bản băm 1, vị trí = seq).';
comment on column audit_log.seq is 'Số thứ tự toàn hệ thống (tăng dần, có thể có khoảng trống); thứ tự liên tục nằm ở chain_pos trong từng chuỗi.';

create sequence audit_log_seq;
select setval('audit_log_seq', coalesce((select max(seq) from audit_log), 0) + 1, false);

create table audit_chains (
  chain_key text primary key check (chain_key = 'system' or chain_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  seq bigint not null check (seq >= 0),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now()
);
comment on table audit_chains is 'Đầu của từng chuỗi băm nhật ký: vị trí và mã băm cuối; khóa khi ghi để chuỗi không rẽ nhánh.';
insert into audit_chains (chain_key, seq, hash) select 'system', seq, hash from audit_chain_head;
drop table audit_chain_head;
drop function audit_chain_head_keep();

create function audit_chains_keep() returns trigger language plpgsql as $$
begin
  raise exception 'Không được % bảng %.', tg_op, tg_table_name using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_chains_no_delete before delete on audit_chains
  for each row execute function audit_chains_keep();
create trigger audit_chains_no_truncate before truncate on audit_chains
  for each statement execute function audit_chains_keep();
