-- Procedure catalogue (thủ tục hành chính, TTHC): issue 3 §1. Each procedure is published in the
-- Cơ sở dữ liệu quốc gia về TTHC under a national code (Nghị định 63/2010/NĐ-CP, Điều 24; Nghị định
-- 92/2017/NĐ-CP); online mode per Nghị định 42/2022/NĐ-CP (toàn trình / một phần).
-- The working copy lives in `procedures`; every publication freezes a snapshot in
-- `procedure_versions`, and the public API reads only the published snapshot.

create table procedures (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^([1-3]\.[0-9]{6}|DP\.[a-z0-9-]{1,120})$'),
  code_is_local boolean not null default false,
  name text not null check (char_length(name) between 1 and 500),
  name_search text not null,
  field text not null check (char_length(field) between 1 and 200),
  level text not null check (level in ('tinh', 'xa')),
  online_mode text not null check (online_mode in ('toan_trinh', 'mot_phan', 'truc_tiep')),
  processing_time jsonb not null,
  fees jsonb not null default '[]',
  components jsonb not null default '[]',
  legal_basis jsonb not null default '[]',
  results jsonb not null default '[]',
  form_schema jsonb not null default '{"type":"object","properties":{}}',
  workflow jsonb not null default '[]',
  cutoff text check (cutoff is null or cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  provenance jsonb not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  version integer not null default 1 check (version > 0),
  published_version integer,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (code_is_local = (code like 'DP.%')),
  check (status <> 'published' or published_version is not null)
);
comment on table procedures is 'Danh mục thủ tục hành chính (bản làm việc). Bản công khai là ảnh chụp trong procedure_versions.';
comment on column procedures.code is 'Mã TTHC quốc gia (ví dụ 1.001193, không kèm hậu tố địa phương .000.00.00.Hxx); DP.<slug> = mã tạm của địa phương khi chưa có mã quốc gia.';
comment on column procedures.name_search is 'Tên đã bỏ dấu, chữ thường, đ→d: tìm kiếm không phân biệt dấu mà không cần extension unaccent.';
comment on column procedures.cutoff is 'Giờ chốt nhận hồ sơ trả trong ngày (ví dụ 15:00, Nghị định 23/2015/NĐ-CP Điều 7; Luật Hộ tịch 2014 Điều 16…).';
comment on column procedures.results is 'Kết quả thực hiện (loại giấy tờ người dân nhận), danh sách chuỗi.';
comment on column procedures.provenance is 'Nguồn của từng thông tin, điều chưa xác minh được, ngày tra cứu, cơ quan thực hiện theo mô tả: {agency, source, unverified, checkedOn}.';
comment on column procedures.workflow is 'Quy trình mẫu: các bước theo thứ tự {key, name, role, share, isApproval}; share là tỷ lệ thời gian giải quyết.';
comment on column procedures.version is 'Khóa lạc quan: mỗi thay đổi tăng 1; cập nhật với version cũ → 409.';
comment on column procedures.published_version is 'Số thứ tự (revision) của bản đã công bố trong procedure_versions.';
create index procedures_name_search on procedures (name_search);
create index procedures_status_name on procedures (status, name_search, id);

create table procedure_versions (
  id uuid primary key default gen_random_uuid(),
  procedure_id uuid not null references procedures (id) on delete cascade,
  revision integer not null check (revision > 0),
  source_version integer not null,
  code text not null,
  name text not null,
  name_search text not null,
  field text not null,
  level text not null check (level in ('tinh', 'xa')),
  snapshot jsonb not null,
  published_by uuid,
  published_by_name text,
  published_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (procedure_id, revision)
);
comment on table procedure_versions is 'Ảnh chụp mỗi lần công bố thủ tục (không sửa, không xóa): căn cứ của hồ sơ đã nộp theo phiên bản đó.';

create table procedure_agencies (
  procedure_id uuid not null references procedures (id) on delete cascade,
  agency_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (procedure_id, agency_id)
);
comment on table procedure_agencies is 'Cơ quan thực hiện thủ tục (id cơ quan của mô-đun tổ chức; không khóa ngoại sang bảng của mô-đun khác).';
create index procedure_agencies_agency on procedure_agencies (agency_id);

insert into role_permissions (role_code, permission) values
  ('quan_tri', 'procedures.read'),
  ('quan_tri', 'procedures.manage'),
  ('can_bo_mot_cua', 'procedures.read'),
  ('chuyen_vien', 'procedures.read'),
  ('lanh_dao', 'procedures.read');
