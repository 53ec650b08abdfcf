/**
 * What other modules may ask of payments (decorated as `app.payments`): the fee status of a dossier, for the
 * citizen's "my dossiers" page (modules/eservices) and the officers' screens. No authorization here: the caller
 * has already checked that its user may see the dossier.
 */
export interface PaymentView {
  id: string;
  /** Receipt number (Biên lai số), set once paid. */
  receiptNo: string | null;
  method: 'gateway' | 'bank_transfer';
  status: 'pending' | 'paid' | 'failed';
  amountVnd: number;
  /** Gateway: the gateway's transaction number; bank transfer: the bank's reference. */
  reference: string | null;
  paidAt: string | null;
  createdAt: string;
}

export interface FeeStatus {
  dossierCode: string;
  /** Amount due in đồng; null while a "by case" fee has not been set by the one-stop officer. */
  amountVnd: number | null;
  paidVnd: number;
  /** none: nothing to pay (free, or the amount is not set yet); unpaid: something left to pay; paid: all paid. */
  status: 'none' | 'unpaid' | 'paid';
  /** Where the amount comes from: the procedure's fixed fee, free, set by the officer, or waiting for the officer. */
  basis: 'fixed' | 'free' | 'officer' | 'to_set';
  /** Name of the fee (e.g. "Lệ phí đăng ký khai sinh") from the procedure, when there is one. */
  feeName: string | null;
  /** Version of the officer-set amount for optimistic locking (0 when never set). */
  feeVersion: number;
  payments: PaymentView[];
}

export interface PaymentsPort {
  /** The fee of the dossier with this code; null when there is no such dossier. */
  feeStatus(dossierCode: string): Promise<FeeStatus | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentsPort;
  }
}
