-- Personal data protection: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 and Nghị định 356/2025/NĐ-CP
-- (in force 1/1/2026). Purpose and consent of each processing, the data subject's correction requests,
-- and the log of every access to sensitive personal data (ID-card images…).

create table consents (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  purpose_code text not null check (purpose_code ~ '^[a-z][a-z0-9_.]{1,63}$'),
  purpose_text text not null check (char_length(purpose_text) between 1 and 2000),
  granted boolean not null,
  granted_at timestamptz,
  withdrawn_at timestamptz,
  source text not null check (source in ('otp_signin', 'oidc_signin', 'account_page', 'api')),
  ip text,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (granted = (granted_at is not null)),
  check (withdrawn_at is null or (granted and withdrawn_at >= granted_at))
);
comment on table consents is 'Sự đồng ý của chủ thể dữ liệu cho từng mục đích xử lý (Luật 91/2025/QH15): mỗi lần đồng ý/từ chối là một dòng; rút lại ghi withdrawn_at. Không bao giờ mặc định đồng ý.';
comment on column consents.purpose_text is 'Nội dung mục đích đúng như công dân đã đọc khi đồng ý (bản chụp tại thời điểm đó).';
create unique index consents_active on consents (citizen_id, purpose_code) where granted and withdrawn_at is null;
create index consents_citizen on consents (citizen_id, created_at);

create table correction_requests (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  field text not null check (field in ('fullName', 'dateOfBirth', 'address', 'phone', 'email', 'other')),
  current_value text check (current_value is null or char_length(current_value) <= 1000),
  requested_value text not null check (char_length(requested_value) between 1 and 1000),
  reason text not null check (char_length(reason) between 1 and 2000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decision_note text check (decision_note is null or char_length(decision_note) <= 2000),
  resolved_by uuid,
  resolved_by_name text,
  resolved_at timestamptz,
  applied boolean not null default false,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'pending') = (resolved_at is null))
);
comment on table correction_requests is 'Yêu cầu chỉnh sửa dữ liệu cá nhân của công dân (quyền của chủ thể dữ liệu, Luật 91/2025/QH15) và kết quả xử lý.';
create index correction_requests_citizen on correction_requests (citizen_id, created_at);
create index correction_requests_status on correction_requests (status, created_at, id);

create table sensitive_data_access_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('staff', 'citizen', 'token', 'anonymous', 'system')),
  actor_id text,
  actor_name text,
  citizen_id uuid references citizens (id),
  item_type text not null check (char_length(item_type) between 1 and 100),
  item_id text not null check (char_length(item_id) between 1 and 200),
  purpose text not null check (char_length(purpose) between 1 and 500),
  agency_id text,
  ip text,
  user_agent text,
  request_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table sensitive_data_access_log is 'Nhật ký truy cập dữ liệu cá nhân nhạy cảm (ảnh căn cước…): ai, khi nào, mục đích gì. Chỉ thêm, không sửa.';
create index sensitive_data_access_log_citizen on sensitive_data_access_log (citizen_id, at);
create index sensitive_data_access_log_at on sensitive_data_access_log (at, id);
