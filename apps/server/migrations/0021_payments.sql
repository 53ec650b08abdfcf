-- Fees and payments of dossiers, issue 4 §1 "Fees": the amount due (fixed by the procedure, or set by the
-- one-stop officer when the procedure's fee is "by case"), payments through the payment gateway (signed redirect +
-- signed server-to-server notification) and bank transfers by VietQR confirmed by the officer, and receipts.
-- A dossier is referenced by id and code only (the dossiers module owns its table; no foreign key across modules).

create table dossier_fees (
  dossier_id uuid primary key,
  dossier_code text not null unique,
  agency_id uuid not null,
  amount_vnd bigint not null check (amount_vnd >= 0 and amount_vnd <= 100000000000),
  note text,
  set_by uuid,
  set_by_name text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table dossier_fees is 'Phí, lệ phí do cán bộ Một cửa xác định cho hồ sơ có mức thu theo từng trường hợp.';

create table payments (
  id uuid primary key default gen_random_uuid(),
  -- Sequence of the receipt number shown to the citizen (Biên lai số …); never reused.
  seq bigint generated always as identity unique,
  dossier_id uuid not null,
  dossier_code text not null,
  agency_id uuid not null,
  method text not null check (method in ('gateway', 'bank_transfer')),
  status text not null check (status in ('pending', 'paid', 'failed')),
  amount_vnd bigint not null check (amount_vnd > 0 and amount_vnd <= 100000000000),
  -- Gateway: our order reference (vnp_TxnRef), unique; bank transfer: null.
  txn_ref text unique,
  -- Gateway: the gateway's transaction number (vnp_TransactionNo); bank transfer: the bank's reference.
  reference text,
  bank_code text,
  response_code text,
  paid_at timestamptz,
  payer_citizen_id uuid,
  confirmed_by uuid,
  confirmed_by_name text,
  -- The verified notification as received (gateway) — kept for reconciliation with the gateway's statement.
  notification jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'paid' or paid_at is not null),
  check (method <> 'gateway' or txn_ref is not null),
  check (method <> 'bank_transfer' or (reference is not null and status = 'paid'))
);
comment on table payments is 'Các lần thanh toán phí, lệ phí của hồ sơ (cổng thanh toán hoặc chuyển khoản VietQR do cán bộ xác nhận).';

create index payments_dossier_idx on payments (dossier_id, created_at);
-- One bank reference is confirmed once per dossier: a second confirmation of the same transfer is a conflict.
create unique index payments_bank_reference_uq on payments (dossier_id, reference) where method = 'bank_transfer';
