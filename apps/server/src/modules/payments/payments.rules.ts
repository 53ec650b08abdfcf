import type { PublishedProcedure } from '../procedures/procedures.port.js';
import { GATEWAY_ORDER_MINUTES } from './gateway-vnpay.js';
import type { FeeStatus, PaymentView } from './payments.port.js';
import type { FeeRow, PaymentRow } from './payments.repository.js';

/**
 * Pure rules of fees (no I/O). The fee of a dossier is the procedure's main fee — the first one listed, as the
 * public catalogue's `feeVnd` (procedures.rules.ts, mainFeeVnd): later entries are optional extras. Fees and
 * charges are set by Luật Phí và lệ phí 2015 and the Bộ Tài chính's circulars, or by the province's HĐND for
 * provincial ones (article to confirm); a procedure whose fee is "by case", tiered or provincial has no single
 * amount, so the one-stop officer sets the dossier's amount (PUT /dossiers/{code}/fee).
 */

/** Highest amount an officer may set, in đồng (a guard against typing errors, not a legal figure). */
export const MAX_FEE_VND = 1_000_000_000;

export interface FeeDue {
  amountVnd: number | null;
  basis: FeeStatus['basis'];
  feeName: string | null;
  /** True when the officer sets the amount (by case, tiered, provincial). */
  officerSets: boolean;
}

export function feeDue(procedure: Pick<PublishedProcedure, 'fees'>, officerFee: FeeRow | null): FeeDue {
  const main = procedure.fees[0];
  if (!main) return { amountVnd: 0, basis: 'free', feeName: null, officerSets: false };
  switch (main.mode) {
    case 'free':
      return { amountVnd: 0, basis: 'free', feeName: main.name, officerSets: false };
    case 'fixed':
      if (main.amountVnd !== null)
        return { amountVnd: main.amountVnd, basis: 'fixed', feeName: main.name, officerSets: false };
      return { ...officerAmount(officerFee), feeName: main.name, officerSets: true };
    case 'by_case':
    case 'tiered':
    case 'provincial':
      return { ...officerAmount(officerFee), feeName: main.name, officerSets: true };
  }
}

/** The officer-set part of a FeeDue for a fee that the officer sets (used when re-reading inside a transaction). */
export function officerAmount(fee: FeeRow | null): Pick<FeeDue, 'amountVnd' | 'basis'> {
  return fee ? { amountVnd: fee.amount_vnd, basis: 'officer' } : { amountVnd: null, basis: 'to_set' };
}

/** Receipt number printed on the biên lai: BL + year of payment + the payment's sequence, e.g. BL2026-000042. */
export function receiptNo(row: Pick<PaymentRow, 'seq' | 'paid_at' | 'status'>): string | null {
  if (row.status !== 'paid' || !row.paid_at) return null;
  const year = new Date(row.paid_at.getTime() + 7 * 3600_000).getUTCFullYear();
  return `BL${year}-${String(row.seq).padStart(6, '0')}`;
}

export function paymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    receiptNo: receiptNo(row),
    method: row.method,
    status: row.status,
    amountVnd: row.amount_vnd,
    reference: row.reference,
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

export function feeStatusOf(dossierCode: string, due: FeeDue, fee: FeeRow | null, rows: PaymentRow[]): FeeStatus {
  const paidVnd = rows.filter((r) => r.status === 'paid').reduce((sum, r) => sum + r.amount_vnd, 0);
  const amount = due.amountVnd;
  const status: FeeStatus['status'] = amount === null || amount === 0 ? 'none' : paidVnd >= amount ? 'paid' : 'unpaid';
  return {
    dossierCode,
    amountVnd: amount,
    paidVnd,
    status,
    basis: due.basis,
    feeName: due.feeName,
    feeVersion: fee?.version ?? 0,
    payments: rows.map(paymentView),
  };
}

/** What is left to pay (never negative). */
export function remainingVnd(status: Pick<FeeStatus, 'amountVnd' | 'paidVnd'>): number {
  return status.amountVnd === null ? 0 : Math.max(0, status.amountVnd - status.paidVnd);
}

/** "1.943.000 đồng" */
export function formatVnd(amount: number): string {
  return `${amount.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

/** An order this close to its expiry is not handed out again: the citizen would not finish paying in time. */
const REUSE_MARGIN_MS = 3 * 60_000;

/**
 * The citizen's gateway order of the dossier that can still be paid and is for exactly what is left to pay
 * (null: start a new one). A payment recorded meanwhile at the counter changes what is left, so that order
 * is not reused.
 */
export function reusableAttempt(rows: PaymentRow[], citizenId: string, leftVnd: number, now: Date): PaymentRow | null {
  const latest = GATEWAY_ORDER_MINUTES * 60_000 - REUSE_MARGIN_MS;
  return (
    rows.find(
      (r) =>
        r.method === 'gateway' &&
        r.status === 'pending' &&
        r.payer_citizen_id === citizenId &&
        r.amount_vnd === leftVnd &&
        now.getTime() - r.created_at.getTime() < latest,
    ) ?? null
  );
}
