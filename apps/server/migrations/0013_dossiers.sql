-- Dossiers (hồ sơ thủ tục hành chính) and their events, issue 3 §2. The state machine lives in
-- src/modules/dossiers/dossier-actions.ts; deadlines in dossier-deadline.ts (Nghị định 118/2025/NĐ-CP,
-- one-stop mechanism; Thông tư 03/2025/TT-VPCP, forms and dossier codes). The process control sheet
-- (Mẫu 06, Phiếu kiểm soát quá trình giải quyết hồ sơ) is read from dossier_events.

create table dossiers (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$'),
  procedure_id uuid not null,
  procedure_code text not null,
  procedure_name text not null,
  procedure_revision integer not null check (procedure_revision >= 1),
  processing_time jsonb not null,
  cutoff text check (cutoff is null or cutoff ~ '^[0-2][0-9]:[0-5][0-9]$'),
  receiving_agency_id uuid not null references agencies (id),
  current_agency_id uuid not null references agencies (id),
  channel text not null check (channel in ('counter', 'online', 'post')),
  applicant jsonb not null,
  applicant_citizen_id uuid,
  form_data jsonb not null default '{}'::jsonb,
  components jsonb not null default '[]'::jsonb,
  status text not null check (status in ('submitted', 'supplement_requested', 'received', 'refused', 'transferred',
    'result_ready', 'returned', 'withdrawn', 'rejected', 'stopped')),
  resume_state text check (resume_state is null or resume_state in ('submitted', 'received')),
  current_step integer check (current_step is null or current_step >= 0),
  step_role text,
  approved boolean not null default false,
  assignee_id uuid,
  received_at timestamptz not null,
  due_at timestamptz,
  original_due_at timestamptz,
  extended boolean not null default false,
  extended_at timestamptz,
  paused_since timestamptz,
  pauses jsonb not null default '[]'::jsonb,
  result_file_ids jsonb not null default '[]'::jsonb,
  created_by uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table dossiers is 'Hồ sơ thủ tục hành chính (Nghị định 118/2025/NĐ-CP). Mã hồ sơ theo Thông tư 03/2025/TT-VPCP; hạn giải quyết tính theo ngày làm việc.';
comment on column dossiers.code is 'Mã hồ sơ V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX, cấp bởi dossier_code_sequences trong cùng giao dịch tiếp nhận.';
comment on column dossiers.applicant is 'Người nộp: name, name_search (không dấu, để tìm kiếm), id_number, phone, email, address.';
comment on column dossiers.components is 'Danh mục thành phần hồ sơ đã nhận (name, copies, form, received).';
comment on column dossiers.step_role is 'Vai trò của bước hiện tại trong quy trình (null khi không ở bước nào).';
comment on column dossiers.pauses is 'Các khoảng dừng tính thời gian chờ người nộp bổ sung: [{from, to}].';
comment on column dossiers.due_at is 'Hạn giải quyết (ngày hẹn trả kết quả) hiện hành; original_due_at là hạn ban đầu.';

create index dossiers_inbox_idx on dossiers (current_agency_id, status, due_at);
create index dossiers_receiving_idx on dossiers (receiving_agency_id, received_at);
create index dossiers_assignee_idx on dossiers (assignee_id, status) where assignee_id is not null;

create table dossier_events (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null references dossiers (id),
  seq integer not null check (seq >= 1),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id uuid,
  actor_name text,
  agency_id uuid,
  at timestamptz not null,
  note text,
  reason text,
  step integer,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (dossier_id, seq)
);
comment on table dossier_events is 'Nhật ký xử lý hồ sơ: mỗi lần tiếp nhận, chuyển bước, phê duyệt, trả kết quả… (nguồn của Phiếu kiểm soát quá trình, Mẫu 06 Thông tư 03/2025/TT-VPCP). Chỉ thêm, không sửa.';

-- Seeing dossiers is a permission (scoped by agency); acting on them is decided by the state machine from
-- the caller's role in the dossier's agency (dossier-actions.ts: can_bo_mot_cua receives and returns,
-- the holder of the workflow step processes, lanh_dao approves). No separate receive/process/approve
-- permissions: quan_tri must hold every permission of a role to assign it (org.policy.ts), and an
-- administrator must not be able to act on dossiers.
insert into role_permissions (role_code, permission) values
  ('can_bo_mot_cua', 'dossiers.read'),
  ('chuyen_vien', 'dossiers.read'),
  ('lanh_dao', 'dossiers.read'),
  ('quan_tri', 'dossiers.read');
