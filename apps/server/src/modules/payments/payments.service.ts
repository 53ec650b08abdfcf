import { randomBytes } from 'node:crypto';
import type { PaymentConfig } from '../../config.js';
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  staleVersion,
  unauthorized,
  unprocessable,
} from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { agenciesWith } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { DossiersPort, DossierSummary } from '../dossiers/dossiers.port.js';
import type { ProceduresPort } from '../procedures/procedures.port.js';
import { IPN_ANSWERS, type IpnAnswer, paymentUrl, resultOf, type VnpParams, verify } from './gateway-vnpay.js';
import type { FeeStatus } from './payments.port.js';
import { type PaymentRow, PaymentsRepository } from './payments.repository.js';
import {
  type FeeDue,
  feeDue,
  feeStatusOf,
  MAX_FEE_VND,
  officerAmount,
  paymentView,
  remainingVnd,
  reusableAttempt,
} from './payments.rules.js';
import { asciiText, vietQrPayload } from './vietqr.js';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface PaymentsDeps {
  db: Kysely<DB>;
  config: PaymentConfig;
  publicUrl: string;
  audit: () => AuditPort;
  dossiers: () => DossiersPort;
  procedures: () => ProceduresPort;
  clock: () => Date;
}

/** The role that receives dossiers and collects fees at the counter (dossier-intake.ts, RECEPTION_ROLE). */
const ONE_STOP_ROLE = 'can_bo_mot_cua';
/** Path of the citizen's return page (payments.pages.ts). */
export const RETURN_PATH = '/thanh-toan/ket-qua';
/** Gateway notifications and page returns act as this actor in the audit log. */
const GATEWAY_ACTOR: ActorContext = {
  actorKind: 'system',
  actorId: null,
  actorName: 'cổng thanh toán',
  ip: null,
  userAgent: null,
  requestId: null,
};

/**
 * A dossier that ended without being resolved (refused at reception, withdrawn, rejected, stopped): the citizen is
 * not asked to pay for it online. The charge follows the service (Luật Phí và lệ phí 2015, Điều 3, the definition of lệ phí:
 * collected when the State provides a public service; article to confirm); the officer can still record a payment at the counter if one was due.
 */
export function endedUnresolved(status: string): boolean {
  return status === 'refused' || status === 'withdrawn' || status === 'rejected' || status === 'stopped';
}

export class PaymentsService {
  readonly repo: PaymentsRepository;
  constructor(private readonly deps: PaymentsDeps) {
    this.repo = new PaymentsRepository(deps.db);
  }

  get gatewayEnabled(): boolean {
    return this.deps.config.gatewayUrl !== null;
  }

  private async dossier(code: string): Promise<DossierSummary> {
    const d = await this.deps.dossiers().findSummary(code);
    if (!d) throw notFound('Không tìm thấy hồ sơ.');
    return d;
  }

  private async due(d: DossierSummary) {
    const procedure = await this.deps.procedures().findRevision(d.procedureId, d.procedureRevision);
    if (!procedure) throw new AppError(500, 'procedure_missing', 'Không tìm thấy phiên bản thủ tục của hồ sơ.');
    const fee = await this.repo.fee(d.id);
    return { due: feeDue(procedure, fee), fee };
  }

  async statusOf(d: DossierSummary): Promise<FeeStatus> {
    const { due, fee } = await this.due(d);
    return feeStatusOf(d.code, due, fee, await this.repo.payments(d.id));
  }

  /** The same inside a transaction: the procedure's part is read before (another connection would wait on PGlite). */
  /** The fee status inside a transaction, with the payment rows it was computed from. */
  private async statusIn(
    trx: Transaction<DB>,
    d: DossierSummary,
    due: FeeDue,
  ): Promise<{ status: FeeStatus; rows: PaymentRow[] }> {
    const fee = await this.repo.fee(d.id, trx);
    const dueNow = due.officerSets ? { ...due, ...officerAmount(fee) } : due;
    const rows = await this.repo.payments(d.id, trx);
    return { status: feeStatusOf(d.code, dueNow, fee, rows), rows };
  }

  /** The port's feeStatus: no authorization (the caller checked). */
  async feeStatus(code: string): Promise<FeeStatus | null> {
    const d = await this.deps.dossiers().findSummary(code);
    return d ? this.statusOf(d) : null;
  }

  // ---- Officers --------------------------------------------------------------------------------------------

  /** A dossier the officer may read: dossiers.read in its current or receiving agency (403 nowhere, 404 not here). */
  private async visible(principal: Principal | null, code: string): Promise<DossierSummary> {
    if (!principal) throw unauthorized();
    const ids = agenciesWith(principal, 'dossiers.read');
    if (ids.size === 0) throw forbidden();
    const d = await this.deps.dossiers().findSummary(code);
    if (!d || !(ids.has(d.currentAgencyId) || ids.has(d.receivingAgencyId))) throw notFound('Không tìm thấy hồ sơ.');
    return d;
  }

  /**
   * Fees are set and collected by the one-stop officer (Bộ phận Một cửa, Nghị định 118/2025/NĐ-CP: receives dossiers
   * and collects fees and charges; article to confirm) of the receiving or the resolving agency: 403 otherwise.
   */
  private async oneStop(principal: Principal | null, code: string): Promise<DossierSummary> {
    const d = await this.visible(principal, code);
    const grants = principal && principal.kind !== 'citizen' ? principal.grants : [];
    const holds = grants.some(
      (g) =>
        g.roleCode === ONE_STOP_ROLE &&
        (g.agencyIds.includes(d.receivingAgencyId) || g.agencyIds.includes(d.currentAgencyId)),
    );
    if (!holds) throw forbidden('Chỉ cán bộ Bộ phận Một cửa của cơ quan mới thực hiện được thao tác này.');
    return d;
  }

  async officerView(principal: Principal | null, code: string): Promise<FeeStatus> {
    return this.statusOf(await this.visible(principal, code));
  }

  /** Sets the amount of a "by case" fee (optimistic locking on the fee's version; 0 = not set yet). */
  async setFee(
    principal: Principal | null,
    actor: ActorContext,
    code: string,
    input: { amountVnd: number; version: number; note?: string | undefined },
  ): Promise<FeeStatus> {
    const d = await this.oneStop(principal, code);
    const { due, fee } = await this.due(d);
    if (!due.officerSets) {
      throw unprocessable('Phí, lệ phí của thủ tục này đã được quy định mức cố định, không nhập theo từng hồ sơ.', [
        { field: '/amountVnd', message: 'Thủ tục có mức phí, lệ phí cố định.' },
      ]);
    }
    if (!Number.isInteger(input.amountVnd) || input.amountVnd < 0 || input.amountVnd > MAX_FEE_VND) {
      throw unprocessable('Số tiền không hợp lệ.', [{ field: '/amountVnd', message: 'Nhập số tiền bằng đồng.' }]);
    }
    if ((fee?.version ?? 0) !== input.version) throw staleVersion('Phí, lệ phí của hồ sơ');
    const now = this.deps.clock();
    const paid = (await this.repo.payments(d.id)).some((p) => p.status === 'paid');
    if (paid && fee && fee.amount_vnd !== input.amountVnd) {
      throw conflict('Hồ sơ đã có khoản thanh toán: không sửa được số tiền phải nộp.', 'fee_already_paid');
    }
    await this.repo.transaction(async (trx) => {
      const row = await this.repo.setFee(trx, {
        dossierId: d.id,
        dossierCode: d.code,
        agencyId: d.receivingAgencyId,
        amountVnd: input.amountVnd,
        note: input.note?.trim() || null,
        by: { id: actor.actorId, name: actor.actorName },
        expectedVersion: input.version,
        now,
      });
      if (!row) throw staleVersion('Phí, lệ phí của hồ sơ');
      await this.deps.audit().record(
        actor,
        {
          action: 'dossier.fee_set',
          entityType: 'dossier',
          entityId: d.id,
          agencyId: d.receivingAgencyId,
          before: fee ? { amountVnd: fee.amount_vnd } : null,
          after: { amountVnd: row.amount_vnd, note: row.note },
        },
        trx,
      );
    });
    return this.statusOf(d);
  }

  /**
   * A bank transfer by VietQR seen on the agency's account statement, confirmed by the one-stop officer (there is
   * no bank notification): the bank's reference can be confirmed once per dossier.
   */
  async confirmTransfer(
    principal: Principal | null,
    actor: ActorContext,
    code: string,
    input: { reference: string; amountVnd: number; paidAt?: string | undefined },
  ) {
    const d = await this.oneStop(principal, code);
    const reference = input.reference.trim();
    if (reference === '') {
      throw unprocessable('Thiếu mã giao dịch.', [
        { field: '/reference', message: 'Nhập mã giao dịch của ngân hàng.' },
      ]);
    }
    const now = this.deps.clock();
    const paidAt = input.paidAt ? new Date(input.paidAt) : now;
    if (Number.isNaN(paidAt.getTime()) || paidAt.getTime() > now.getTime() + 60_000) {
      throw unprocessable('Thời điểm nộp tiền không hợp lệ.', [
        { field: '/paidAt', message: 'Thời điểm nộp tiền không được sau thời điểm hiện tại.' },
      ]);
    }
    const status = await this.statusOf(d);
    if (status.amountVnd === null) {
      throw conflict('Chưa xác định số tiền phí, lệ phí của hồ sơ.', 'fee_not_set');
    }
    if (status.status !== 'unpaid') throw conflict('Hồ sơ không còn khoản phí, lệ phí phải nộp.', 'nothing_to_pay');
    const left = remainingVnd(status);
    if (input.amountVnd !== left) {
      throw unprocessable('Số tiền không khớp với số còn phải nộp.', [
        { field: '/amountVnd', message: `Số tiền còn phải nộp là ${left} đồng.` },
      ]);
    }
    const row = await this.repo.transaction(async (trx) => {
      await this.repo.lockDossier(trx, d.id);
      const already = await this.repo.payments(d.id, trx);
      if (already.some((p) => p.method === 'bank_transfer' && p.reference === reference)) {
        throw conflict('Giao dịch này đã được xác nhận cho hồ sơ.', 'payment_already_confirmed');
      }
      const paidNow = already.filter((p) => p.status === 'paid').reduce((s, p) => s + p.amount_vnd, 0);
      if (paidNow !== status.paidVnd) throw staleVersion('Thanh toán của hồ sơ');
      const inserted = await this.repo.insertPayment(trx, {
        dossierId: d.id,
        dossierCode: d.code,
        agencyId: d.receivingAgencyId,
        method: 'bank_transfer',
        status: 'paid',
        amountVnd: input.amountVnd,
        txnRef: null,
        reference,
        paidAt,
        payerCitizenId: null,
        // The receipt prints the officer's full name (the audit actor carries the username).
        confirmedBy: { id: actor.actorId, name: principal?.kind === 'staff' ? principal.fullName : actor.actorName },
        now,
      });
      await this.deps.audit().record(
        actor,
        {
          action: 'payment.confirm_transfer',
          entityType: 'payment',
          entityId: inserted.id,
          agencyId: d.receivingAgencyId,
          after: { dossierCode: d.code, amountVnd: inserted.amount_vnd, reference },
        },
        trx,
      );
      return inserted;
    });
    return paymentView(row);
  }

  // ---- Citizens --------------------------------------------------------------------------------------------

  /** The dossier of this signed-in citizen (filed from their account), else 404 — also for another's dossier. */
  async ownDossier(citizenId: string, code: string): Promise<DossierSummary> {
    const d = await this.deps.dossiers().findSummary(code);
    if (!d || d.applicantCitizenId !== citizenId) throw notFound('Không tìm thấy hồ sơ.');
    return d;
  }

  /** The VietQR payload of what is left to pay, or null (no account configured, nothing to pay, dossier ended). */
  vietQr(d: DossierSummary, status: FeeStatus): string | null {
    const { bankAccount, bankBin } = this.deps.config;
    const left = remainingVnd(status);
    if (!bankAccount || left <= 0 || status.status !== 'unpaid' || endedUnresolved(d.status)) return null;
    return vietQrPayload({ bankBin, accountNumber: bankAccount, amountVnd: left, purpose: d.code });
  }

  get transferAccount() {
    const { bankAccount, bankBin, accountName } = this.deps.config;
    return bankAccount ? { bankBin, bankAccount, accountName } : null;
  }

  /** Starts a gateway payment of what is left to pay: a pending payment and the signed redirect URL. */
  async startGatewayPayment(citizenId: string, actor: ActorContext, code: string, ipAddr: string): Promise<string> {
    const { gatewayUrl, merchantCode, secret } = this.deps.config;
    if (!gatewayUrl) throw new AppError(503, 'payment_gateway_off', 'Chưa hỗ trợ thanh toán trực tuyến qua cổng.');
    const d = await this.ownDossier(citizenId, code);
    if (endedUnresolved(d.status))
      throw conflict(
        'Hồ sơ đã kết thúc mà không được giải quyết (bị từ chối, rút, dừng hoặc không đủ điều kiện) nên không nộp phí, lệ phí.',
        'dossier_ended',
      );
    const now = this.deps.clock();
    const { due } = await this.due(d);
    const { row, amount } = await this.repo.transaction(async (trx) => {
      await this.repo.lockDossier(trx, d.id);
      const { status, rows } = await this.statusIn(trx, d, due);
      const left = remainingVnd(status);
      if (status.status !== 'unpaid' || left <= 0) {
        throw conflict('Hồ sơ không còn khoản phí, lệ phí phải nộp.', 'nothing_to_pay');
      }
      // A second tab, a double click or the back button while an order of the same amount can still be paid
      // sends the citizen to that same order (same vnp_TxnRef, created at the same instant), not to a second
      // one: two orders could both be paid, and a fee paid twice has no refund path here.
      const open = reusableAttempt(rows, citizenId, left, now);
      if (open) return { row: open, amount: left };
      // vnp_TxnRef: unique per attempt (the gateway refuses a reference it has seen), opaque to the payer.
      const txnRef = `${now.getTime().toString(36).toUpperCase()}${randomBytes(5).toString('hex').toUpperCase()}`;
      const inserted = await this.repo.insertPayment(trx, {
        dossierId: d.id,
        dossierCode: d.code,
        agencyId: d.receivingAgencyId,
        method: 'gateway',
        status: 'pending',
        amountVnd: left,
        txnRef,
        reference: null,
        paidAt: null,
        payerCitizenId: citizenId,
        confirmedBy: null,
        now,
      });
      await this.deps.audit().record(
        actor,
        {
          action: 'payment.start',
          entityType: 'payment',
          entityId: inserted.id,
          agencyId: d.receivingAgencyId,
          after: { dossierCode: d.code, amountVnd: left, txnRef },
        },
        trx,
      );
      return { row: inserted, amount: left };
    });
    return paymentUrl(
      { url: gatewayUrl, merchantCode, secret },
      {
        txnRef: row.txn_ref ?? '',
        amountVnd: amount,
        orderInfo: asciiText(`Nop phi ho so ${d.code}`, 255),
        returnUrl: `${this.deps.publicUrl}${RETURN_PATH}`,
        ipAddr,
        createdAt: row.created_at,
      },
    );
  }

  /**
   * The gateway's server-to-server notification (IPN): signature, merchant, order and amount are checked, then the
   * pending payment is settled once — a replayed notification finds it settled and gets "already confirmed".
   */
  async ipn(params: VnpParams): Promise<IpnAnswer> {
    const { secret, merchantCode } = this.deps.config;
    if (!this.gatewayEnabled || !verify(params, secret)) return IPN_ANSWERS.invalidSignature;
    if (params.vnp_TmnCode !== merchantCode) return IPN_ANSWERS.invalidSignature;
    const result = resultOf(params);
    const now = this.deps.clock();
    return this.repo.transaction(async (trx) => {
      const payment = await this.repo.byTxnRefForUpdate(trx, result.txnRef);
      if (!payment || payment.method !== 'gateway') return IPN_ANSWERS.orderNotFound;
      if (result.amountVnd !== payment.amount_vnd) return IPN_ANSWERS.invalidAmount;
      if (payment.status !== 'pending') return IPN_ANSWERS.alreadyConfirmed;
      const settled = await this.repo.settle(trx, payment.id, {
        status: result.success ? 'paid' : 'failed',
        reference: result.transactionNo,
        bankCode: result.bankCode,
        responseCode: result.responseCode,
        paidAt: result.success ? (result.payDate ?? now) : null,
        notification: params,
        now,
      });
      if (!settled) return IPN_ANSWERS.alreadyConfirmed;
      await this.deps.audit().record(
        GATEWAY_ACTOR,
        {
          action: result.success ? 'payment.paid' : 'payment.failed',
          entityType: 'payment',
          entityId: payment.id,
          agencyId: payment.agency_id,
          after: {
            dossierCode: payment.dossier_code,
            amountVnd: payment.amount_vnd,
            transactionNo: result.transactionNo,
            responseCode: result.responseCode,
          },
        },
        trx,
      );
      return IPN_ANSWERS.ok;
    });
  }

  /**
   * The browser's return from the gateway. The signature is checked only to find the order; the state shown is
   * the one the IPN recorded (a return may arrive before the IPN, or be forged by replaying the URL).
   */
  async returned(params: VnpParams): Promise<{ valid: false } | { valid: true; payment: PaymentRow | null }> {
    if (!this.gatewayEnabled || !verify(params, this.deps.config.secret)) return { valid: false };
    const ref = params.vnp_TxnRef;
    return { valid: true, payment: ref ? await this.repo.byTxnRef(ref) : null };
  }

  /** A paid payment of the citizen's own dossier (for the receipt), else 404. */
  async paidPayment(d: DossierSummary, paymentId: string): Promise<PaymentRow> {
    const p = /^[0-9a-f-]{36}$/i.test(paymentId) ? await this.repo.byId(paymentId) : null;
    if (!p || p.dossier_id !== d.id || p.status !== 'paid') throw notFound('Không tìm thấy biên lai.');
    return p;
  }

  /** The officer's access to a receipt: the dossier must be visible to them. */
  async officerReceipt(principal: Principal | null, code: string, paymentId: string) {
    const d = await this.visible(principal, code);
    return { dossier: d, payment: await this.paidPayment(d, paymentId) };
  }
}
