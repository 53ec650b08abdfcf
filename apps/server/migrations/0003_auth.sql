-- Accounts and sign-in (QĐ 742/QĐ-BTTTT 2022: password rules, lock-out, session timeout, 2FA).
-- Users themselves belong to the org module; these tables refer to them by id only (no foreign key
-- across modules), so each module keeps its own tables.

create table staff_credentials (
  user_id uuid primary key,
  password_hash text not null,
  must_change_password boolean not null default true,
  password_changed_at timestamptz not null default now(),
  -- TOTP secrets are encrypted at rest with DATA_KEY (AES-256-GCM), never stored in clear.
  totp_secret_enc text,
  totp_pending_secret_enc text,
  totp_enabled boolean not null default false,
  -- Last accepted TOTP time step: a code is accepted once only (replay protection).
  totp_last_step bigint,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not totp_enabled or totp_secret_enc is not null)
);
comment on table staff_credentials is 'Mật khẩu (argon2id) và xác thực hai lớp (TOTP) của cán bộ; người dùng thuộc module tổ chức.';
comment on column staff_credentials.must_change_password is 'Mật khẩu mặc định/tạm thời phải đổi ở lần đăng nhập đầu (QĐ 742/QĐ-BTTTT).';

create table password_history (
  id bigint generated always as identity primary key,
  user_id uuid not null,
  password_hash text not null,
  created_at timestamptz not null default now()
);
comment on table password_history is 'Các mật khẩu đã dùng gần đây (không được dùng lại 5 mật khẩu gần nhất).';
create index password_history_user on password_history (user_id, created_at desc);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  -- SHA-256 (hex) of the random cookie value; the value itself is never stored.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  subject_kind text not null check (subject_kind in ('staff', 'citizen')),
  subject_id uuid not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  updated_at timestamptz not null default now(),
  check (expires_at > created_at)
);
comment on table sessions is 'Phiên đăng nhập của cán bộ và công dân (hết hạn khi không hoạt động và sau thời hạn tối đa).';
create index sessions_subject on sessions (subject_kind, subject_id) where revoked_at is null;

create table login_challenges (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  kind text not null check (kind in ('totp', 'totp_setup')),
  ip text,
  attempts integer not null default 0 check (attempts >= 0),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  updated_at timestamptz not null default now()
);
comment on table login_challenges is 'Bước thứ hai của đăng nhập (mã TOTP) sau khi mật khẩu đúng; dùng một lần, hết hạn sau vài phút.';
create index login_challenges_user on login_challenges (user_id);

create table login_throttle (
  key text primary key,
  failures integer not null default 0 check (failures >= 0),
  lock_count integer not null default 0 check (lock_count >= 0),
  locked_until timestamptz,
  last_failure_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table login_throttle is 'Đếm lần đăng nhập sai theo tài khoản ("user:<tên>") và theo địa chỉ IP ("ip:<địa chỉ>") để khóa tạm thời, thời gian khóa tăng gấp đôi.';

create table auth_role_policies (
  role_code text primary key,
  totp_required boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table auth_role_policies is 'Chính sách đăng nhập theo vai trò: vai trò nào bắt buộc xác thực hai lớp.';
insert into auth_role_policies (role_code, totp_required) values ('quan_tri', true);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- SHA-256 (hex) of the whole token; the token is shown once at creation.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null,
  scopes jsonb not null default '[]'::jsonb check (jsonb_typeof(scopes) = 'array'),
  agency_id uuid not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid,
  last_used_at timestamptz
);
comment on table api_tokens is 'Khóa API cho hệ thống tích hợp: chỉ lưu băm SHA-256, phạm vi quyền (scopes) trong một cơ quan.';
create index api_tokens_agency on api_tokens (agency_id, created_at desc);
