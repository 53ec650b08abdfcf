-- Signing module (PAdES signatures on electronic results and documents): keys and certificates.
-- An electronic result carries the digital signature of the competent agency (Nghị định 45/2020/NĐ-CP, Điều 14 khoản 3);
-- official documents are signed by the agency (Nghị định 30/2020/NĐ-CP, Phụ lục I (article to confirm)).
-- Private keys are stored only sealed with DATA_KEY (AES-256-GCM, purpose bound to the certificate).

create table signing_authorities (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('demo_ca', 'trusted_root')),
  subject text not null,
  certificate_pem text not null,
  fingerprint_sha256 text not null unique check (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
  private_key_sealed text,
  not_after timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'demo_ca') = (private_key_sealed is not null))
);
create unique index signing_authorities_one_demo_ca on signing_authorities (kind) where kind = 'demo_ca';
comment on table signing_authorities is 'Chứng thư gốc được tin cậy khi kiểm tra chữ ký số: CA thử nghiệm (demo_ca, có khóa, không có giá trị pháp lý) và chứng thư gốc của CA thật nhập khi nhập PKCS#12.';

create table signing_keys (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references agencies (id),
  source text not null check (source in ('demo', 'pkcs12')),
  subject text not null,
  certificate_pem text not null,
  chain_pem text not null default '',
  fingerprint_sha256 text not null unique check (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
  private_key_sealed text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  active boolean not null default true,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not_after > not_before)
);
create unique index signing_keys_one_active on signing_keys (agency_id) where active;
comment on table signing_keys is 'Chữ ký số của cơ quan: chứng thư, chuỗi chứng thư (PEM) và khóa bí mật đã mã hóa bằng DATA_KEY. Mỗi cơ quan có tối đa một khóa đang dùng.';
comment on column signing_keys.source is 'demo = cấp bởi Saola Demo CA (không có giá trị pháp lý); pkcs12 = nhập từ tệp .p12 do CA được cấp phép cấp.';
