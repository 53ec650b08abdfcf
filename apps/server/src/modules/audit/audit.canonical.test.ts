import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, REDACTED, canonicalJson, computeHash, isSecretKey, toAuditJson } from './audit.canonical.js';

describe('canonicalJson (RFC 8785 for our values)', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('sorts by UTF-16 code units, as RFC 8785 §3.2.3 asks', () => {
    // "é" (U+00E9) sorts after "z"; "€" (U+20AC) after it; an astral char's high surrogate (D83D) last.
    expect(canonicalJson({ '😀': 1, '€': 2, é: 3, z: 4, A: 5 })).toBe('{"A":5,"z":4,"é":3,"€":2,"😀":1}');
  });

  it('does not depend on key order and survives a JSON round trip (what jsonb gives back)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const once = canonicalJson(v);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
        expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(once);
      }),
    );
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(10n)).toThrow();
  });
});

describe('computeHash', () => {
  const fields = {
    seq: 1,
    id: '6f1c2a52-8f0e-4b53-9f4d-0a7c1b2d3e4f',
    at: new Date('2026-01-15T01:00:00.123Z'),
    actorKind: 'staff' as const,
    actorId: 'u1',
    actorName: 'Nguyễn Văn A',
    ip: '10.0.0.1',
    userAgent: null,
    requestId: 'r1',
    action: 'user.create',
    entityType: 'user',
    entityId: 'e1',
    agencyId: null,
    before: null,
    after: { fullName: 'Trần Thị B', roles: ['x'] },
    note: null,
    prevHash: GENESIS_HASH,
  };

  it('is SHA-256 of the documented canonical text', () => {
    // Written out by hand from the definition in audit.canonical.ts: keys sorted, ms UTC instant.
    const text =
      '{"action":"user.create","actorId":"u1","actorKind":"staff","actorName":"Nguyễn Văn A","after":{"fullName":"Trần Thị B","roles":["x"]},"agencyId":null,"at":"2026-01-15T01:00:00.123Z","before":null,"entityId":"e1","entityType":"user","id":"6f1c2a52-8f0e-4b53-9f4d-0a7c1b2d3e4f","ip":"10.0.0.1","note":null,"prevHash":"' +
      GENESIS_HASH +
      '","requestId":"r1","seq":1,"userAgent":null,"v":1}';
    expect(computeHash(fields)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('changes when any field changes', () => {
    const base = computeHash(fields);
    expect(computeHash({ ...fields, seq: 2 })).not.toBe(base);
    expect(computeHash({ ...fields, at: new Date(fields.at.getTime() + 1) })).not.toBe(base);
    expect(computeHash({ ...fields, after: { fullName: 'Trần Thị C', roles: ['x'] } })).not.toBe(base);
    expect(computeHash({ ...fields, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(computeHash({ ...fields, ip: null })).not.toBe(base);
  });
});

describe('toAuditJson', () => {
  it('hides secrets at any depth but keeps flags, nulls and ids', () => {
    const out = toAuditJson({
      username: 'an',
      password: 'P@ss',
      password_hash: '$argon2id$…',
      newPassword: 'x',
      passwordConfirm: 'x',
      nested: { totpSecret: 'ABC', accessToken: 't', apiKey: 'k', secret: 's', 'client-secret': 'c' },
      list: [{ token: 'saola_abc' }],
      tokenId: 'tid',
      totpEnabled: true,
      mustChangePassword: false,
      totp: null,
    });
    expect(out).toEqual({
      username: 'an',
      password: REDACTED,
      password_hash: REDACTED,
      newPassword: REDACTED,
      passwordConfirm: REDACTED,
      nested: {
        totpSecret: REDACTED,
        accessToken: REDACTED,
        apiKey: REDACTED,
        secret: REDACTED,
        'client-secret': REDACTED,
      },
      list: [{ token: REDACTED }],
      tokenId: 'tid',
      totpEnabled: true,
      mustChangePassword: false,
      totp: null,
    });
  });

  it('recognises secret keys in any spelling', () => {
    for (const k of ['PASSWORD', 'Password_Hash', 'otp_code', 'otp', 'refresh-token', 'dataKey', 'credentials'])
      expect(isSecretKey(k)).toBe(true);
    for (const k of ['fullName', 'tokenId', 'agencyId', 'status', 'code', 'hash']) expect(isSecretKey(k)).toBe(false);
  });

  it('gives plain JSON that PostgreSQL accepts: dates, bigint, NUL, lone surrogates, undefined', () => {
    expect(
      toAuditJson({
        at: new Date('2026-01-01T00:00:00Z'),
        n: 12n,
        s: 'a\u0000b',
        bad: 'x\uD800y',
        u: undefined,
        arr: [undefined, Number.NaN],
      }),
    ).toEqual({ at: '2026-01-01T00:00:00.000Z', n: '12', s: 'ab', bad: 'x\uFFFDy', arr: [null, null] });
    expect(toAuditJson(undefined)).toBeNull();
  });

  it('is stable: what is stored hashes the same when read back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const stored = toAuditJson(v);
        expect(canonicalJson(JSON.parse(JSON.stringify(stored)))).toBe(canonicalJson(stored));
      }),
    );
  });
});

describe('toAuditJson with hostile keys', () => {
  it('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"__proto__":{"polluted":1},"a":1}') as unknown;
    const out = toAuditJson(input) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(canonicalJson(out)).toBe('{"__proto__":{"polluted":1},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
