import { describe, expect, it } from 'vitest';
import type { ProcedureFee } from '../procedures/procedure-data.schema.js';
import { vndInWords } from './payments.receipt.js';
import type { FeeRow, PaymentRow } from './payments.repository.js';
import { feeDue, feeStatusOf, receiptNo, remainingVnd } from './payments.rules.js';

const fee = (over: Partial<ProcedureFee>): ProcedureFee => ({
  kind: 'le_phi',
  name: 'Lệ phí',
  mode: 'fixed',
  amountVnd: 8000,
  unit: 'hồ sơ',
  tiers: [],
  capVnd: null,
  cases: [],
  basis: 'thử',
  ...over,
});
const officer = (amount: number): FeeRow => ({
  dossier_id: 'd',
  dossier_code: 'C',
  agency_id: 'a',
  amount_vnd: amount,
  note: null,
  version: 3,
});
const paid = (amount: number, status: PaymentRow['status'] = 'paid'): PaymentRow => ({
  id: 'p',
  seq: 42,
  dossier_id: 'd',
  dossier_code: 'C',
  agency_id: 'a',
  method: 'gateway',
  status,
  amount_vnd: amount,
  txn_ref: 'T',
  reference: null,
  bank_code: null,
  response_code: null,
  paid_at: status === 'paid' ? new Date('2026-12-31T18:00:00Z') : null,
  payer_citizen_id: null,
  confirmed_by_name: null,
  created_at: new Date('2026-12-31T17:00:00Z'),
});

describe('fee due', () => {
  it('takes a fixed fee from the procedure and ignores an officer amount', () => {
    expect(feeDue({ fees: [fee({})] }, officer(1))).toMatchObject({
      amountVnd: 8000,
      basis: 'fixed',
      officerSets: false,
    });
  });
  it('asks the officer for by-case, tiered and provincial fees', () => {
    for (const mode of ['by_case', 'tiered', 'provincial'] as const) {
      expect(feeDue({ fees: [fee({ mode, amountVnd: null })] }, null)).toMatchObject({
        amountVnd: null,
        basis: 'to_set',
      });
      expect(feeDue({ fees: [fee({ mode, amountVnd: null })] }, officer(25000))).toMatchObject({
        amountVnd: 25000,
        basis: 'officer',
      });
    }
  });
  it('treats free and fee-less procedures as nothing to pay', () => {
    expect(feeDue({ fees: [fee({ mode: 'free', amountVnd: 0 })] }, null)).toMatchObject({
      amountVnd: 0,
      basis: 'free',
    });
    expect(feeDue({ fees: [] }, null)).toMatchObject({ amountVnd: 0, basis: 'free' });
  });
});

describe('fee status', () => {
  const due = feeDue({ fees: [fee({})] }, null);
  it('is unpaid until the paid payments cover the amount; pending and failed ones do not count', () => {
    const s1 = feeStatusOf('C', due, null, [paid(8000, 'pending'), paid(8000, 'failed')]);
    expect(s1).toMatchObject({ status: 'unpaid', paidVnd: 0 });
    expect(remainingVnd(s1)).toBe(8000);
    const s2 = feeStatusOf('C', due, null, [paid(8000)]);
    expect(s2).toMatchObject({ status: 'paid', paidVnd: 8000 });
    expect(remainingVnd(s2)).toBe(0);
  });
  it('is none when free or not set yet', () => {
    expect(feeStatusOf('C', feeDue({ fees: [fee({ mode: 'free', amountVnd: 0 })] }, null), null, []).status).toBe(
      'none',
    );
    expect(feeStatusOf('C', feeDue({ fees: [fee({ mode: 'by_case', amountVnd: null })] }, null), null, []).status).toBe(
      'none',
    );
  });
  it('numbers receipts by the local year of payment', () => {
    // 18:00 UTC on 31 December is 01:00 on 1 January in Vietnam.
    expect(receiptNo(paid(8000))).toBe('BL2027-000042');
    expect(receiptNo(paid(8000, 'pending'))).toBeNull();
  });
});

describe('amount in words', () => {
  it.each([
    [0, 'Không đồng'],
    [8000, 'Tám nghìn đồng'],
    [15000, 'Mười lăm nghìn đồng'],
    [21000, 'Hai mươi mốt nghìn đồng'],
    [105000, 'Một trăm lẻ năm nghìn đồng'],
    [1943000, 'Một triệu chín trăm bốn mươi ba nghìn đồng'],
    [1005000, 'Một triệu không trăm lẻ năm nghìn đồng'],
    [24_000_000, 'Hai mươi bốn triệu đồng'],
    [2_000_000_100, 'Hai tỷ một trăm đồng'],
  ])('%d → %s', (n, words) => {
    expect(vndInWords(n)).toBe(words);
  });
});
