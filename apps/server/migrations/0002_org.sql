-- Organisation: administrative units (with history), agencies, departments, positions, staff users, roles.

-- Đơn vị hành chính theo Quyết định 19/2025/QĐ-TTg (mã tỉnh 2 chữ số, mã xã 5 chữ số) và danh mục trước
-- 01/7/2025 (ba cấp tỉnh – huyện – xã). Một mã có thể tồn tại ở cả hai thời kỳ (đơn vị hợp nhất giữ mã của
-- một đơn vị cũ), nên khóa là (code, valid_from), không phải code.
create table admin_units (
  code text not null check (code ~ '^[0-9]{2}$|^[0-9]{3}$|^[0-9]{5}$'),
  valid_from date not null,
  valid_to date,
  name text not null check (length(trim(name)) > 0),
  search_name text not null,
  level text not null check (level in ('province', 'district', 'commune')),
  division_type text not null,
  parent_code text,
  successor_codes text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (code, valid_from),
  check (valid_to is null or valid_to >= valid_from),
  check ((level = 'province') = (parent_code is null)),
  check (
    (level = 'province' and length(code) = 2)
    or (level = 'district' and length(code) = 3)
    or (level = 'commune' and length(code) = 5)
  )
);
comment on table admin_units is 'Đơn vị hành chính (QĐ 19/2025/QĐ-TTg) kèm lịch sử: mỗi dòng là một đơn vị trong một thời kỳ hiệu lực.';
comment on column admin_units.valid_from is 'Ngày bắt đầu hiệu lực; -infinity khi không rõ (danh mục trước sắp xếp 2025).';
comment on column admin_units.valid_to is 'Ngày cuối cùng còn hiệu lực (đã bao gồm); null = đang hiệu lực.';
comment on column admin_units.successor_codes is 'Mã đơn vị kế thừa (cùng cấp hoặc cấp xã mới) khi đơn vị bị sắp xếp.';
create index admin_units_parent on admin_units (parent_code, valid_from);
create index admin_units_level on admin_units (level, valid_from);

-- Bảng chuyển đổi xã cũ → xã mới (sắp xếp đơn vị hành chính 2025). Một xã cũ có thể được chia vào nhiều xã mới.
create table admin_unit_conversions (
  id integer generated always as identity primary key,
  new_province_code text not null,
  new_commune_code text not null,
  new_commune_name text not null,
  old_commune_code text,
  old_commune_name text not null,
  old_district_code text,
  old_district_name text,
  old_province_code text,
  old_province_name text,
  merge_kind text not null check (merge_kind in ('full', 'partial', 'unchanged', 'renamed', 'other')),
  note text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (old_commune_code, old_commune_name, old_district_code, new_commune_code)
);
comment on table admin_unit_conversions is 'Chuyển đổi mã xã trước 01/7/2025 sang xã mới (để địa chỉ cũ vẫn tra được).';
comment on column admin_unit_conversions.note is 'Ghi chú gốc, ví dụ "Nhập toàn bộ", "Nhập một phần".';
create index admin_unit_conversions_old on admin_unit_conversions (old_commune_code);
create index admin_unit_conversions_new on admin_unit_conversions (new_commune_code);

-- Cơ quan, có mã định danh điện tử theo Quyết định 20/2020/QĐ-TTg (cấu trúc V1V2V3.Z1Z2.Y1Y2.Hxx).
create table agencies (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name text not null check (length(trim(name)) > 0),
  kind text not null check (kind in ('ubnd_tinh', 'so', 'ubnd_xa', 'trung_tam_phvhc', 'khac')),
  unit_code text,
  parent_id uuid references agencies (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
comment on table agencies is 'Cơ quan (UBND tỉnh, Sở, UBND xã/phường, Trung tâm phục vụ hành chính công…), dạng cây.';
comment on column agencies.code is 'Mã định danh điện tử của cơ quan (QĐ 20/2020/QĐ-TTg).';
comment on column agencies.unit_code is 'Mã đơn vị hành chính đang hiệu lực mà cơ quan gắn với.';
create index agencies_parent on agencies (parent_id);

create table departments (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references agencies (id),
  code text not null check (code ~ '^[a-z0-9_]{1,40}$'),
  name text not null check (length(trim(name)) > 0),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (agency_id, code)
);
comment on table departments is 'Phòng ban, bộ phận trong một cơ quan (ví dụ Bộ phận một cửa).';

create table positions (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name text not null,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table positions is 'Danh mục chức vụ.';

insert into positions (code, name, sort_order) values
  ('chu_tich', 'Chủ tịch', 10),
  ('pho_chu_tich', 'Phó Chủ tịch', 20),
  ('giam_doc', 'Giám đốc', 30),
  ('pho_giam_doc', 'Phó Giám đốc', 40),
  ('chanh_van_phong', 'Chánh Văn phòng', 50),
  ('pho_chanh_van_phong', 'Phó Chánh Văn phòng', 60),
  ('truong_phong', 'Trưởng phòng', 70),
  ('pho_truong_phong', 'Phó Trưởng phòng', 80),
  ('van_thu', 'Văn thư', 90),
  ('chuyen_vien', 'Chuyên viên', 100),
  ('can_bo_mot_cua', 'Cán bộ một cửa', 110),
  ('quan_tri_he_thong', 'Quản trị hệ thống', 120);

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,49}$'),
  full_name text not null check (length(trim(full_name)) > 0),
  search_text text not null,
  email text,
  phone text,
  agency_id uuid not null references agencies (id),
  department_id uuid references departments (id),
  position_code text references positions (code),
  status text not null default 'active' check (status in ('active', 'locked')),
  locked_reason text,
  locked_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status = 'active' or locked_reason is not null)
);
comment on table users is 'Cán bộ, công chức sử dụng phần mềm nghiệp vụ. Mật khẩu và lần đăng nhập gần nhất do mô-đun auth giữ.';
comment on column users.search_text is 'Họ tên và tên đăng nhập đã bỏ dấu, chữ thường: để tìm kiếm không phân biệt dấu.';
create index users_agency on users (agency_id, full_name, id);

create table roles (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name text not null,
  description text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table roles is 'Vai trò: một tập quyền. Nguyên tắc quyền tối thiểu (QĐ 742/QĐ-BTTTT).';

create table role_permissions (
  role_code text not null references roles (code) on delete cascade,
  permission text not null,
  created_at timestamptz not null default now(),
  primary key (role_code, permission)
);

create table role_assignments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  role_code text not null references roles (code),
  agency_id uuid not null references agencies (id),
  include_subordinates boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, role_code, agency_id)
);
comment on table role_assignments is 'Người dùng giữ vai trò tại một cơ quan (và các cơ quan cấp dưới nếu include_subordinates).';
create index role_assignments_user on role_assignments (user_id);
create index role_assignments_agency on role_assignments (agency_id);

insert into roles (code, name, description) values
  ('quan_tri', 'Quản trị hệ thống', 'Quản lý cơ cấu tổ chức, người dùng, phân quyền, nhật ký, lịch làm việc, khóa API, thông báo và yêu cầu về dữ liệu cá nhân.'),
  ('lanh_dao', 'Lãnh đạo', 'Xem bảng điều khiển, cơ cấu tổ chức và danh sách cán bộ của cơ quan.'),
  ('chuyen_vien', 'Chuyên viên', 'Xử lý nghiệp vụ được giao; xem bảng điều khiển và cơ cấu tổ chức.'),
  ('van_thu', 'Văn thư', 'Tiếp nhận, phát hành văn bản; xem bảng điều khiển và cơ cấu tổ chức.'),
  ('can_bo_mot_cua', 'Cán bộ một cửa', 'Tiếp nhận và trả kết quả hồ sơ tại Bộ phận một cửa; xem bảng điều khiển và cơ cấu tổ chức.');

insert into role_permissions (role_code, permission) values
  ('quan_tri', 'org.read'),
  ('quan_tri', 'org.manage'),
  ('quan_tri', 'users.read'),
  ('quan_tri', 'users.manage'),
  ('quan_tri', 'roles.assign'),
  ('quan_tri', 'audit.read'),
  ('quan_tri', 'audit.verify'),
  ('quan_tri', 'calendar.manage'),
  ('quan_tri', 'tokens.manage'),
  ('quan_tri', 'notifications.manage'),
  ('quan_tri', 'privacy.manage'),
  ('quan_tri', 'dashboard.view'),
  ('lanh_dao', 'dashboard.view'),
  ('lanh_dao', 'org.read'),
  ('lanh_dao', 'users.read'),
  ('chuyen_vien', 'dashboard.view'),
  ('chuyen_vien', 'org.read'),
  ('van_thu', 'dashboard.view'),
  ('van_thu', 'org.read'),
  ('can_bo_mot_cua', 'dashboard.view'),
  ('can_bo_mot_cua', 'org.read');
