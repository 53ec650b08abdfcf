-- Dossier codes (mã số hồ sơ): V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX, where XXXX is the sequence of the
-- dossier among those the receiving agency received that day (Thông tư 01/2018/TT-VPCP, Điều 19;
-- Nghị định 61/2018/NĐ-CP, Điều 26; carried on by Nghị định 118/2025/NĐ-CP and Thông tư 03/2025/TT-VPCP).
-- One row per agency and local day; numbers are handed out by
--   insert … on conflict (agency_code, day) do update set last_seq = last_seq + 1 returning last_seq
-- so concurrent receptions queue on the row lock and never get the same number.

create table dossier_code_sequences (
  agency_code text not null check (agency_code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  day date not null check (day between date '2000-01-01' and date '2099-12-31'),
  last_seq integer not null check (last_seq between 1 and 9999),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (agency_code, day)
);
comment on table dossier_code_sequences is 'Số thứ tự hồ sơ đã cấp trong ngày của từng cơ quan tiếp nhận (phần XXXX của mã hồ sơ). Không bao giờ giảm.';
comment on column dossier_code_sequences.agency_code is 'Mã định danh điện tử của cơ quan tiếp nhận (QĐ 20/2020/QĐ-TTg), phần V1V2V3.Z1Z2.Y1Y2.MX1X2 của mã hồ sơ.';
comment on column dossier_code_sequences.day is 'Ngày tiếp nhận theo giờ Việt Nam (phần YYMMDD của mã hồ sơ).';
comment on column dossier_code_sequences.last_seq is 'Số thứ tự cuối cùng đã cấp trong ngày (1–9999).';
