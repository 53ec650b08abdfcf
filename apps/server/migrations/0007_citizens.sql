-- Citizen accounts (công dân): sign-in by phone number or e-mail with a one-time code, or through an
-- external OpenID Connect provider (VNeID, a provincial SSO). Personal data: Luật Bảo vệ dữ liệu cá nhân
-- 91/2025/QH15 and Nghị định 356/2025/NĐ-CP — keep only what the account needs (data minimisation).

create table citizens (
  id uuid primary key default gen_random_uuid(),
  full_name text check (full_name is null or char_length(full_name) between 1 and 200),
  phone text check (phone is null or phone ~ '^\+84[0-9]{9}$'),
  email text check (email is null or (char_length(email) <= 254 and email = lower(email) and position('@' in email) > 1)),
  phone_verified_at timestamptz,
  email_verified_at timestamptz,
  date_of_birth date,
  address text check (address is null or char_length(address) <= 500),
  name_source text not null default 'self' check (name_source in ('self', 'oidc')),
  status text not null default 'unverified' check (status in ('unverified', 'active', 'locked')),
  last_sign_in_at timestamptz,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table citizens is 'Tài khoản công dân. Tạo khi yêu cầu mã lần đầu (trạng thái unverified) và kích hoạt khi xác nhận mã hoặc đăng nhập qua nhà cung cấp định danh.';
comment on column citizens.phone is 'Số di động chuẩn hóa +84xxxxxxxxx.';
comment on column citizens.name_source is 'self: công dân tự khai; oidc: lấy từ nhà cung cấp định danh (chỉ sửa qua yêu cầu chỉnh sửa).';
create unique index citizens_phone_key on citizens (phone) where phone is not null;
create unique index citizens_email_key on citizens (email) where email is not null;

create table citizen_identities (
  provider text not null check (char_length(provider) between 1 and 100),
  subject text not null check (char_length(subject) between 1 and 255),
  citizen_id uuid not null references citizens (id),
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (provider, subject)
);
comment on table citizen_identities is 'Liên kết tài khoản công dân với định danh ở nhà cung cấp OpenID Connect (issuer, sub).';
create index citizen_identities_citizen on citizen_identities (citizen_id);

create table citizen_otp_challenges (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  channel text not null check (channel in ('sms', 'email')),
  destination text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 5 check (max_attempts > 0),
  consumed_at timestamptz,
  ip text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table citizen_otp_challenges is 'Mã xác nhận một lần: chỉ lưu HMAC của mã 6 chữ số; hết hạn sau 5 phút, tối đa 5 lần nhập.';
create index citizen_otp_challenges_citizen on citizen_otp_challenges (citizen_id, created_at);
create index citizen_otp_challenges_expires on citizen_otp_challenges (expires_at);

create table citizen_rate_counters (
  key text not null,
  window_start timestamptz not null,
  count integer not null default 0 check (count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (key, window_start)
);
comment on table citizen_rate_counters is 'Bộ đếm giới hạn tần suất yêu cầu mã theo định danh (đã băm) và theo địa chỉ IP, dùng chung cho mọi máy chủ.';
create index citizen_rate_counters_window on citizen_rate_counters (window_start);
