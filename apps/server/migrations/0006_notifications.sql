-- Notifications: admin-editable templates and the outbox of every message sent (e-mail, SMS).

create table notification_templates (
  code text not null check (code ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  channel text not null check (channel in ('email', 'sms')),
  subject text,
  body text not null check (length(body) between 1 and 10000),
  -- Placeholders the sender provides ({{name}}); the text may use only these, and must keep the required ones.
  variables text[] not null default '{}',
  required_variables text[] not null default '{}',
  description text not null default '',
  version integer not null default 1,
  updated_by uuid,
  updated_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (code, channel),
  constraint notification_templates_subject check (
    (channel = 'email' and subject is not null and length(subject) between 1 and 300)
    or (channel = 'sms' and subject is null)
  )
);
comment on table notification_templates is 'Mẫu thông báo theo kênh (thư điện tử, SMS); {{tên}} là chỗ điền dữ liệu. Quản trị viên sửa được (khóa lạc quan theo version).';
comment on column notification_templates.updated_by is 'Người sửa gần nhất (id người dùng); null = mẫu cài sẵn.';

create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  channel text not null check (channel in ('email', 'sms')),
  recipient text not null,
  template_code text not null,
  template_version integer not null,
  data jsonb not null default '{}'::jsonb,
  subject text,
  body text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text,
  job_id bigint,
  expires_at timestamptz,
  sent_at timestamptz,
  redacted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table notification_outbox is 'Hộp thư đi: mỗi thông báo đã yêu cầu gửi, trạng thái, số lần thử và lỗi gần nhất. Nội dung (data, body) được xóa khi đã gửi xong hoặc thất bại hẳn (tối thiểu hóa dữ liệu cá nhân, Luật 91/2025/QH15).';
create index notification_outbox_list on notification_outbox (created_at desc, id desc);
create index notification_outbox_status on notification_outbox (status, created_at desc, id desc);

insert into notification_templates (code, channel, subject, body, variables, required_variables, description) values
  ('citizen.otp', 'email', 'Mã xác thực Saola',
   'Mã xác thực Saola của bạn là {{code}}. Mã có hiệu lực {{minutes}} phút. Không chia sẻ mã này với bất kỳ ai.',
   '{code,minutes}', '{code}', 'Mã dùng một lần để công dân đăng nhập cổng dịch vụ công.'),
  ('citizen.otp', 'sms', null,
   'Mã xác thực Saola của bạn là {{code}}. Mã có hiệu lực {{minutes}} phút. Không chia sẻ mã này với bất kỳ ai.',
   '{code,minutes}', '{code}', 'Mã dùng một lần để công dân đăng nhập cổng dịch vụ công.'),
  ('staff.password_reset', 'email', 'Đặt lại mật khẩu tài khoản Saola',
   E'Xin chào {{fullName}},\n\nMật khẩu của tài khoản {{username}} đã được đặt lại. Mật khẩu tạm thời: {{temporaryPassword}}\nBạn sẽ phải đổi mật khẩu ở lần đăng nhập tiếp theo tại {{loginUrl}}.\n\nNếu bạn không yêu cầu đặt lại mật khẩu, hãy báo ngay cho quản trị viên của cơ quan.',
   '{fullName,username,temporaryPassword,loginUrl}', '{temporaryPassword}', 'Thông báo mật khẩu tạm thời cho cán bộ sau khi quản trị viên đặt lại.'),
  ('staff.password_reset', 'sms', null,
   'Saola: mật khẩu tạm thời của tài khoản {{username}} là {{temporaryPassword}}. Hãy đổi mật khẩu ở lần đăng nhập tiếp theo.',
   '{fullName,username,temporaryPassword,loginUrl}', '{temporaryPassword}', 'Thông báo mật khẩu tạm thời cho cán bộ sau khi quản trị viên đặt lại.');
