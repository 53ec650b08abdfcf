import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Payment-gateway adapter on the protocol of VNPAY's Cổng thanh toán, version 2.1.0
 * (https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html — "Tạo URL Thanh toán", "Code IPN URL",
 * "Code ReturnURL"; and .../chuyen-doi-thuat-toan/changeTypeHash.html for HMAC-SHA512 in 2.1.0):
 *
 * - Payment: the citizen's browser is redirected (GET) to the gateway with vnp_* parameters: vnp_Version 2.1.0,
 *   vnp_Command "pay", vnp_TmnCode (merchant code), vnp_Amount = amount in đồng × 100, vnp_CreateDate and
 *   vnp_ExpireDate (yyyyMMddHHmmss, GMT+7), vnp_CurrCode "VND", vnp_IpAddr, vnp_Locale "vn", vnp_OrderInfo,
 *   vnp_OrderType, vnp_ReturnUrl, vnp_TxnRef (our order reference, unique), and vnp_SecureHash.
 * - Signature: the parameters (without vnp_SecureHash / vnp_SecureHashType) sorted by name, each name and value
 *   URL-encoded (spaces as "+"), joined as a query string; vnp_SecureHash = hex HMAC-SHA512 of it with the secret.
 * - IPN (server to server, GET to our IPN URL) carries the result signed the same way: vnp_TxnRef, vnp_Amount,
 *   vnp_ResponseCode and vnp_TransactionStatus ("00" = success), vnp_TransactionNo, vnp_BankCode, vnp_PayDate…
 *   The merchant answers JSON {"RspCode","Message"}: 00 Confirm Success, 01 Order not found, 02 Order already
 *   confirmed, 04 Invalid amount, 97 Invalid signature, 99 Unknown error. The gateway retries until it gets an answer.
 * - Return URL: the browser comes back with the same signed parameters; the page shows the result, but only the
 *   state recorded from the IPN is trusted (the browser's copy may be replayed or never arrive).
 */

export const VNP_VERSION = '2.1.0';

export type VnpParams = Record<string, string>;

/** The IPN answers of the protocol. */
export const IPN_ANSWERS = {
  ok: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknown: { RspCode: '99', Message: 'Unknown error' },
} as const;
export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/** URL-encoding of the protocol's reference code: encodeURIComponent with spaces as "+". */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** The signed text: vnp_* parameters except the hash ones, sorted by name, URL-encoded, joined with "&". */
export function signData(params: VnpParams): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k] ?? '')}`)
    .join('&');
}

export function sign(params: VnpParams, secret: string): string {
  return createHmac('sha512', secret).update(signData(params), 'utf8').digest('hex');
}

/** True when vnp_SecureHash is the HMAC of the other parameters (constant-time comparison). */
export function verify(params: VnpParams, secret: string): boolean {
  const given = params.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const expected = Buffer.from(sign(params, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'));
}

/** Parameters with their signature appended. */
export function signed(params: VnpParams, secret: string): VnpParams {
  return { ...params, vnp_SecureHash: sign(params, secret) };
}

/** A full URL: base + the parameters in signing order + vnp_SecureHash. */
export function urlWith(base: string, params: VnpParams): string {
  const query = signData(params);
  const hash = params.vnp_SecureHash ? `&vnp_SecureHash=${params.vnp_SecureHash}` : '';
  return `${base}${base.includes('?') ? '&' : '?'}${query}${hash}`;
}

/** yyyyMMddHHmmss in GMT+7, the protocol's date format. */
export function vnpDate(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return t.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant of a yyyyMMddHHmmss GMT+7 date, or null when malformed. */
export function parseVnpDate(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** How long an order can be paid unless the caller says otherwise (vnp_ExpireDate = creation + this). */
export const GATEWAY_ORDER_MINUTES = 15;

export interface GatewaySettings {
  /** The gateway's payment page (e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html). */
  url: string;
  merchantCode: string;
  secret: string;
}

export interface PaymentRequest {
  txnRef: string;
  amountVnd: number;
  /** Plain text; the gateway shows it to the payer (Vietnamese without marks is safest). */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  createdAt: Date;
  /** Minutes the payment page stays valid. */
  expiresInMinutes?: number;
}

/** The redirect URL of a payment (vnp_Command=pay), signed. */
export function paymentUrl(settings: GatewaySettings, req: PaymentRequest): string {
  const params: VnpParams = {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: settings.merchantCode,
    vnp_Amount: String(req.amountVnd * 100),
    vnp_CreateDate: vnpDate(req.createdAt),
    vnp_ExpireDate: vnpDate(
      new Date(req.createdAt.getTime() + (req.expiresInMinutes ?? GATEWAY_ORDER_MINUTES) * 60_000),
    ),
    vnp_CurrCode: 'VND',
    vnp_IpAddr: req.ipAddr,
    vnp_Locale: 'vn',
    vnp_OrderInfo: req.orderInfo,
    // "other": the protocol's catch-all category of goods and services.
    vnp_OrderType: 'other',
    vnp_ReturnUrl: req.returnUrl,
    vnp_TxnRef: req.txnRef,
  };
  return urlWith(settings.url, signed(params, settings.secret));
}

/** The result a notification (IPN or return) reports, once its signature is checked. */
export interface GatewayResult {
  txnRef: string;
  /** Amount in đồng (vnp_Amount / 100); null when not a whole number of đồng. */
  amountVnd: number | null;
  success: boolean;
  responseCode: string;
  transactionNo: string | null;
  bankCode: string | null;
  payDate: Date | null;
}

export function resultOf(params: VnpParams): GatewayResult {
  const raw = Number(params.vnp_Amount);
  const amount = Number.isSafeInteger(raw) && raw % 100 === 0 ? raw / 100 : null;
  const responseCode = params.vnp_ResponseCode ?? '';
  return {
    txnRef: params.vnp_TxnRef ?? '',
    amountVnd: amount,
    // Success needs both: the payer's bank approved (vnp_ResponseCode) and the gateway settled (vnp_TransactionStatus).
    success: responseCode === '00' && params.vnp_TransactionStatus === '00',
    responseCode,
    transactionNo: params.vnp_TransactionNo ?? null,
    bankCode: params.vnp_BankCode ?? null,
    payDate: parseVnpDate(params.vnp_PayDate),
  };
}

/** Only the protocol's parameters of a query (anything else is ignored, never signed or stored). */
export function vnpParamsOf(query: Record<string, unknown>): VnpParams {
  const out: VnpParams = {};
  for (const [k, v] of Object.entries(query)) if (k.startsWith('vnp_') && typeof v === 'string') out[k] = v;
  return out;
}
