import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_LENGTH = 6;
export const OTP_TTL_MINUTES = 5;
export const OTP_MAX_ATTEMPTS = 5;

/** Limits on asking for codes, counted in the database so that every app node shares them. */
export const OTP_RATE_LIMITS = {
  /** Codes per identifier (phone/e-mail) per window: stops someone flooding one person's phone. */
  perIdentifier: { max: 5, windowMinutes: 60 },
  /** Codes per client IP per window: stops one machine spraying many numbers (SMS cost). */
  perIp: { max: 30, windowMinutes: 60 },
} as const;

/** A uniformly random 6-digit code (leading zeros allowed). */
export function generateCode(): string {
  return String(randomInt(0, 10 ** OTP_LENGTH)).padStart(OTP_LENGTH, '0');
}

/**
 * Only an HMAC of the code is stored, keyed by the server secret and bound to the challenge: a copy
 * of the database does not let anyone try the million codes offline.
 */
export function hashCode(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`citizen-otp:${challengeId}:${code}`).digest('hex');
}

export function codeMatches(secret: string, challengeId: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashCode(secret, challengeId, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
