-- Files of a dossier (issue 3 §2): the components scanned or uploaded at the counter and the electronic results.
-- The bytes live in the file storage (app.files.storage); this table holds their metadata. Results carry the code
-- `<mã hồ sơ>-KQ<n>` (Nghị định 45/2020/NĐ-CP, Điều 14 khoản 3, as quoted by thukyluat.vn: "Mã hồ sơ thủ tục hành
-- chính-KQ(n)", n the number of the result among the dossier's results). Rows are never edited: no version column.

create table dossier_files (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null references dossiers (id),
  kind text not null check (kind in ('component', 'result')),
  component text check (component is null or length(component) between 1 and 500),
  name text not null check (length(name) between 1 and 255),
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  result_no integer check (result_no is null or result_no >= 1),
  result_code text unique,
  signed boolean not null default false,
  uploaded_by uuid,
  uploaded_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'component') = (component is not null)),
  check ((kind = 'result') = (result_no is not null and result_code is not null)),
  unique (dossier_id, result_no)
);
comment on table dossier_files is 'Tệp của hồ sơ: thành phần hồ sơ (bản quét, tệp tải lên) và kết quả giải quyết điện tử. Nội dung tệp nằm trong kho lưu trữ tệp.';
comment on column dossier_files.result_code is 'Mã kết quả <mã hồ sơ>-KQ<n> (Nghị định 45/2020/NĐ-CP, Điều 14 khoản 3).';
comment on column dossier_files.signed is 'Tệp PDF kết quả đã được ký số (PAdES) bởi lãnh đạo cơ quan giải quyết.';

create index dossier_files_dossier_idx on dossier_files (dossier_id, created_at);
