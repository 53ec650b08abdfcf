-- Working-day calendar: administrators' per-year schedules and agencies' office hours.
-- The product ships the announced schedules (2025, 2026) and a statutory derivation for other years
-- in code (modules/calendar/official-schedules.ts); a row here replaces the shipped year entirely.

create table calendar_years (
  year integer primary key check (year between 1900 and 2199),
  days_off jsonb not null default '[]'::jsonb check (jsonb_typeof(days_off) = 'array'),
  working_days jsonb not null default '[]'::jsonb check (jsonb_typeof(working_days) = 'array'),
  note text check (note is null or char_length(note) <= 2000),
  source text not null check (char_length(source) between 1 and 500),
  updated_by uuid,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table calendar_years is 'Lịch nghỉ lễ, Tết của một năm do quản trị viên cập nhật (thay lịch đi kèm sản phẩm cho năm đó).';
comment on column calendar_years.days_off is 'Danh sách ngày nghỉ: [{date: "YYYY-MM-DD", name, kind: holiday|compensatory|bridge}].';
comment on column calendar_years.working_days is 'Ngày nghỉ hằng tuần phải làm bù: [{date: "YYYY-MM-DD", name}].';
comment on column calendar_years.source is 'Văn bản làm căn cứ (số thông báo của Bộ Nội vụ…).';
comment on column calendar_years.updated_by is 'Người cập nhật cuối (id người dùng; chi tiết trong nhật ký hệ thống).';

create table agency_office_hours (
  agency_id uuid primary key,
  periods jsonb not null check (jsonb_typeof(periods) = 'array' and jsonb_array_length(periods) between 1 and 6),
  updated_by uuid,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table agency_office_hours is 'Giờ làm việc riêng của một cơ quan; không có dòng nghĩa là giờ mặc định 07:30–11:30, 13:30–17:00.';
comment on column agency_office_hours.agency_id is 'Id cơ quan (bảng agencies của mô-đun tổ chức; không ràng buộc khóa ngoại giữa các mô-đun).';
comment on column agency_office_hours.periods is 'Các khoảng giờ làm việc theo giờ Việt Nam: [{start: "HH:MM", end: "HH:MM"}], theo thứ tự, không chồng nhau.';
