-- Online public services (issue 4 §1, §3): a citizen's filing in progress ("hồ sơ nháp", kept server-side between
-- the portal's pages so nothing typed is lost) and the files a citizen uploaded before submitting (portal or
-- POST /api/v1/public/files). A draft submits once (status open → submitting → submitted, with the dossier code);
-- an upload is used by at most one dossier (dossier_code set when it is linked to dossier_files).

create table eservice_drafts (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  procedure_code text not null check (length(procedure_code) between 1 and 200),
  agency_id uuid references agencies (id),
  applicant jsonb not null default '{}',
  form_data jsonb not null default '{}',
  status text not null default 'open' check (status in ('open', 'submitting', 'submitted')),
  dossier_code text,
  submitted_at timestamptz,
  expires_at timestamptz not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'submitted') = (dossier_code is not null))
);
comment on table eservice_drafts is 'Hồ sơ nộp trực tuyến đang soạn của công dân: giữ trên máy chủ giữa các trang, hết hạn sau 30 ngày; mỗi bản nháp chỉ nộp một lần.';
create index eservice_drafts_citizen_idx on eservice_drafts (citizen_id, updated_at desc);

create table eservice_uploads (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  draft_id uuid references eservice_drafts (id),
  -- Position of the component in the procedure's published components (0-based); null for API uploads.
  component_index integer check (component_index is null or component_index >= 0),
  name text not null check (length(name) between 1 and 255),
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  -- Set while a submission holds the file, then kept with the dossier's code once linked.
  claimed_at timestamptz,
  dossier_code text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table eservice_uploads is 'Tệp công dân tải lên trước khi nộp hồ sơ trực tuyến; được gắn vào đúng một hồ sơ (dossier_files) khi nộp.';
create index eservice_uploads_citizen_idx on eservice_uploads (citizen_id, created_at);
create index eservice_uploads_draft_idx on eservice_uploads (draft_id) where draft_id is not null;
-- Purge of expired, never used uploads and abandoned drafts (eservices.service.ts purgeExpired).
create index eservice_uploads_expiry_idx on eservice_uploads (expires_at) where dossier_code is null;
create index eservice_drafts_expiry_idx on eservice_drafts (expires_at) where status = 'open';
