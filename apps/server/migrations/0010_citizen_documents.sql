-- Ảnh giấy tờ tùy thân (căn cước công dân) a citizen keeps in their account. ID-card images are
-- sensitive personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP):
-- the bytes live only in the encrypted file storage (app.files.sensitive, AES-256-GCM), never in the
-- database; every read is written to sensitive_data_access_log.

create table citizen_id_documents (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid not null references citizens (id),
  storage_key text not null unique check (char_length(storage_key) between 1 and 512),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer not null check (size_bytes > 0 and size_bytes <= 5242880),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  side text not null check (side in ('front', 'back')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check (deleted_at is null or deleted_at >= created_at)
);
comment on table citizen_id_documents is 'Ảnh giấy tờ tùy thân (CCCD) của công dân: chỉ lưu thông tin mô tả; nội dung tệp được mã hóa trong kho tệp nhạy cảm. Xóa: ghi deleted_at và xóa tệp.';
comment on column citizen_id_documents.storage_key is 'Khóa của tệp trong kho tệp nhạy cảm (app.files.sensitive), được mã hóa khi lưu.';
comment on column citizen_id_documents.content_type is 'Định dạng thật của tệp, xác định từ các byte đầu (không tin phần mở rộng hay khai báo của trình duyệt).';
comment on column citizen_id_documents.sha256 is 'SHA-256 (hex) của nội dung gốc, để kiểm tra toàn vẹn.';
comment on column citizen_id_documents.side is 'front: mặt trước; back: mặt sau.';
create index citizen_id_documents_citizen on citizen_id_documents (citizen_id, created_at) where deleted_at is null;
