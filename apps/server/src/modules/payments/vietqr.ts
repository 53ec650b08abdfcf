/**
 * VietQR: the merchant-presented QR payload of NAPAS 247 (the "VietQR" profile of the EMVCo Merchant-Presented QR
 * Code Specification for Payment Systems, adopted in Vietnam as the basic standard TCCS 03:2018/NHNN by Quyết định
 * 1928/QĐ-NHNN of 05/10/2018; article to confirm for the field list). Built locally: no call to any service.
 *
 * Each data object is ID (2 digits) + length (2 digits) + value. The fields used here:
 *   00 payload format indicator "01"; 01 point of initiation "12" (dynamic: the amount is fixed for one payment);
 *   38 merchant account information, NAPAS part: 00 GUID "A000000727", 01 beneficiary organisation
 *      (00 acquirer/bank BIN, 6 digits; 01 account number), 02 service code "QRIBFTTA" (transfer to an account);
 *   53 currency "704" (VND, ISO 4217); 54 amount (whole đồng); 58 country "VN";
 *   62 additional data, 08 purpose of transaction (the dossier code, so the transfer can be matched);
 *   63 CRC: CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the whole payload including "6304", 4 hex digits.
 */

export const NAPAS_GUID = 'A000000727';
export const SERVICE_TO_ACCOUNT = 'QRIBFTTA';

export interface VietQrInput {
  /** 6-digit NAPAS BIN of the beneficiary's bank (e.g. 970415 VietinBank). */
  bankBin: string;
  /** Beneficiary account number (up to 19 characters). */
  accountNumber: string;
  /** Whole đồng; omitted → static QR without an amount (the payer types it). */
  amountVnd?: number | undefined;
  /** Purpose of the transfer (62.08), up to 25 characters of plain ASCII. */
  purpose?: string | undefined;
}

/** One data object: ID + 2-digit length + value. */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new Error(`VietQR: bad data object id ${id}`);
  if (value.length > 99) throw new Error(`VietQR: data object ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC-16/CCITT-FALSE (width 16, poly 0x1021, init 0xFFFF, no reflection, no final xor) of the bytes of `text`. */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * Text allowed in the purpose: bank apps show it as the transfer's description and many refuse non-ASCII. Vietnamese
 * letters lose their marks (đ → d), anything else outside letters, digits, space, "-", "." and "/" is dropped.
 */
export function purposeText(text: string): string {
  return asciiText(text, 25);
}

/** Vietnamese text without marks, keeping letters, digits, space, "-", "." and "/", cut at `max` characters. */
export function asciiText(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 .\-/]/g, '')
    .slice(0, max);
}

/** The payload string of a VietQR transfer to an account, with its CRC. */
export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new Error('VietQR: the bank BIN has 6 digits');
  if (!/^[A-Za-z0-9]{1,19}$/.test(input.accountNumber)) throw new Error('VietQR: bad account number');
  const amount = input.amountVnd;
  if (amount !== undefined && (!Number.isInteger(amount) || amount <= 0 || String(amount).length > 13)) {
    throw new Error('VietQR: the amount is a positive whole number of đồng');
  }
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_TO_ACCOUNT);
  const purpose = input.purpose ? purposeText(input.purpose) : '';
  const body =
    tlv('00', '01') +
    tlv('01', amount === undefined ? '11' : '12') +
    tlv('38', merchant) +
    tlv('53', '704') +
    (amount === undefined ? '' : tlv('54', String(amount))) +
    tlv('58', 'VN') +
    (purpose ? tlv('62', tlv('08', purpose)) : '') +
    '6304';
  return body + crc16CcittFalse(body).toString(16).toUpperCase().padStart(4, '0');
}

/** Splits a payload into its top-level data objects (for tests and for checking a payload read back). */
export function parseTlv(payload: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < payload.length) {
    const id = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(len)) throw new Error(`VietQR: malformed at ${i}`);
    out.set(id, payload.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}

/** True when the payload's CRC (data object 63) matches its content. */
export function hasValidCrc(payload: string): boolean {
  if (!/6304[0-9A-F]{4}$/.test(payload)) return false;
  const crc = crc16CcittFalse(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');
  return crc === payload.slice(-4);
}
