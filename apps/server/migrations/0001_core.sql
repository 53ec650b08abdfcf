-- Core tables shared by every module: idempotent creates and the background job queue.

create table idempotency_keys (
  scope text not null,
  key text not null,
  route text not null,
  request_hash text not null,
  status_code integer,
  response_body text,
  content_type text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (scope, key)
);
comment on table idempotency_keys is 'Idempotency-Key của các yêu cầu POST: phản hồi đã lưu để trả lại khi gửi lặp (giữ 24 giờ).';
create index idempotency_keys_created_at on idempotency_keys (created_at);

-- Background work (notifications, overdue scans) on PostgreSQL and PGlite alike.
create table jobs (
  id bigint generated always as identity primary key,
  queue text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 5 check (max_attempts > 0),
  run_at timestamptz not null default now(),
  locked_at timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table jobs is 'Hàng đợi công việc nền (gửi thông báo, quét hồ sơ quá hạn…).';
create index jobs_due on jobs (run_at) where status = 'pending';
