import { createHash } from 'node:crypto';
import type { ActorKind } from './audit.tables.js';

/**
 * The hash chain of the audit log, defined precisely so that anyone can re-check it with any
 * language that has SHA-256 and JSON.
 *
 *   hash(row) = lowercase hex SHA-256 of the UTF-8 bytes of canonical(document(row))
 *
 * where document(row) is the JSON object
 *
 *   { "v": 1, "seq": <integer>, "id": "<uuid, lowercase>", "at": "<YYYY-MM-DDTHH:mm:ss.sssZ, UTC>",
 *     "actorKind", "actorId", "actorName", "ip", "userAgent", "requestId",
 *     "action", "entityType", "entityId", "agencyId" (uuid, lowercase),
 *     "before", "after" (any JSON, as stored in jsonb), "note", "prevHash": "<64 hex>" }
 *
 * with every absent value written as null, and canonical() is the JSON Canonicalization Scheme
 * (RFC 8785) for the values we store: object keys sorted by UTF-16 code units at every depth, no
 * whitespace, strings and numbers exactly as ECMAScript JSON.stringify writes them, array order
 * kept. `prevHash` of seq 1 is 64 zeros (GENESIS_HASH). `created_at` is not part of the hash.
 *
 * Version 2 (rows written since migration 0023, ADR 0007): one chain per agency. The document has
 * "v": 2 and two more members, "chain" (the agency uuid, lowercase, or "system") and "chainSeq"
 * (the row's position in its chain, 1, 2, 3…); "prevHash" is the hash of the previous row OF THE
 * SAME CHAIN (64 zeros for chainSeq 1) and "seq" is the global order number. Version 1 rows (no
 * chainSeq) belong to the "system" chain at position seq, and hash exactly as before.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const HASH_VERSION = 2;
/** The chain of system-wide rows, and of every row written before chains existed (ADR 0007). */
export const SYSTEM_CHAIN = 'system';

export interface ChainFields {
  seq: number;
  id: string;
  at: Date;
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
  prevHash: string;
  /** Version 2 only: the chain key and the position in it (absent/null for version 1 rows). */
  chain?: string | null;
  chainSeq?: number | null;
}

/** RFC 8785 canonical JSON of a JSON value (objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError('canonicalJson: số không hữu hạn không biểu diễn được trong JSON.');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: kiểu ${typeof value} không biểu diễn được trong JSON.`);
  }
}

export function chainDocument(f: ChainFields): Record<string, unknown> {
  const v2 = f.chainSeq !== null && f.chainSeq !== undefined;
  return {
    v: v2 ? 2 : 1,
    ...(v2 ? { chain: f.chain ?? SYSTEM_CHAIN, chainSeq: f.chainSeq } : {}),
    seq: f.seq,
    id: f.id,
    at: f.at.toISOString(),
    actorKind: f.actorKind,
    actorId: f.actorId,
    actorName: f.actorName,
    ip: f.ip,
    userAgent: f.userAgent,
    requestId: f.requestId,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    agencyId: f.agencyId,
    before: f.before ?? null,
    after: f.after ?? null,
    note: f.note,
    prevHash: f.prevHash,
  };
}

export function computeHash(f: ChainFields): string {
  return createHash('sha256')
    .update(canonicalJson(chainDocument(f)), 'utf8')
    .digest('hex');
}

export const REDACTED = '[đã ẩn]';

/**
 * Keys whose values never reach the log: passwords, password hashes, tokens, secrets, TOTP/OTP
 * codes and keys. Matched on the key with case, "_" and "-" ignored, so `password_hash`,
 * `newPassword`, `passwordConfirm`, `totpSecret`, `accessToken` are hidden while `tokenId` stays.
 * Booleans and nulls under such keys are kept (`totpEnabled`-like flags reveal nothing).
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|token|totp|otp|otpcode|apikey|privatekey|datakey|cookie|authorization|credential)s?(hash|digest|encrypted|ciphertext)?$/;
const SECRET_PREFIX = /^(password|passwd|secret|totpsecret|otpcode)/;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY.test(k) || SECRET_PREFIX.test(k);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL accepts in text and jsonb: no NUL, no lone surrogate halves. */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

export function cleanNullableText(s: string | null | undefined, max = 2000): string | null {
  if (s === null || s === undefined) return null;
  return cleanText(s).slice(0, max);
}

/**
 * Turns a before/after value into the plain JSON that is both stored (jsonb) and hashed, so that
 * what is read back hashes the same: secrets redacted, Dates as ISO strings (toJSON), bigint as
 * strings, undefined dropped, non-finite numbers as null, text cleaned. Returns null for nothing.
 */
export function toAuditJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return cleanText(v);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return null; // functions, symbols
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return walk(withJson.toJSON());
    if (seen.has(v)) return '[vòng lặp]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : walk(x)));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        // A flag or an empty value reveals nothing (`mustChangePassword: true`, `totpSecret: null`).
        const hide = isSecretKey(k) && x !== null && typeof x !== 'boolean';
        // defineProperty: a "__proto__" key stays a key instead of replacing the prototype.
        Object.defineProperty(out, cleanText(k), {
          value: hide ? REDACTED : walk(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value);
}
