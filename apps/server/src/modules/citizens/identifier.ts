import type { OtpChannel } from './citizens.tables.js';

/** A sign-in identifier after normalisation: a Vietnamese mobile number or an e-mail address. */
export type Identifier =
  { kind: 'phone'; value: string; channel: OtpChannel } | { kind: 'email'; value: string; channel: OtpChannel };

// Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09 (after the 2018 renumbering,
// Thông tư 22/2014/TT-BTTTT as amended); written 0xxxxxxxxx, 84xxxxxxxxx or +84xxxxxxxxx.
const MOBILE = /^(?:\+?84|0)([35789]\d{8})$/;
// Deliberately simple: one @, something before, a dotted domain after, no spaces.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Normalises a phone to +84xxxxxxxxx, or null when it is not a Vietnamese mobile number. */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  const m = MOBILE.exec(compact);
  return m ? `+84${m[1]}` : null;
}

export function normaliseEmail(input: string): string | null {
  const e = input.trim().toLowerCase();
  return e.length <= 254 && EMAIL.test(e) ? e : null;
}

/** Phone if it looks like digits, e-mail if it has an @; null when it is neither. */
export function parseIdentifier(input: string): Identifier | null {
  if (input.includes('@')) {
    const value = normaliseEmail(input);
    return value ? { kind: 'email', value, channel: 'email' } : null;
  }
  const value = normalisePhone(input);
  return value ? { kind: 'phone', value, channel: 'sms' } : null;
}

/** +84912345678 → 0912***678 (how people write their own number). */
export function maskPhone(phone: string): string {
  const local = phone.startsWith('+84') ? `0${phone.slice(3)}` : phone;
  return `${local.slice(0, 4)}***${local.slice(-3)}`;
}

/** nguyenvana@gmail.com → ng***@gmail.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${shown}***${email.slice(at)}`;
}

export function maskDestination(id: Identifier): string {
  return id.kind === 'phone' ? maskPhone(id.value) : maskEmail(id.value);
}

/** +84912345678 → 0912 345 678 for display. */
export function formatPhone(phone: string): string {
  const local = phone.startsWith('+84') ? `0${phone.slice(3)}` : phone;
  return local.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3');
}
