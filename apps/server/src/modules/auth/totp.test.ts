import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './secret-box.js';
import { acceptedStep, newTotpSecret, otpauthUrl, qrDataUrl } from './totp.js';
import { totpCode } from './testing.js';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-02-16T02:00:10Z');
  const step = Math.floor(now.getTime() / 30_000);

  it('accepts the current code and one step of drift either way, nothing further', () => {
    expect(acceptedStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(acceptedStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(acceptedStep(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(acceptedStep(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(acceptedStep(newTotpSecret(), totpCode(secret, now), now)).toBeNull();
    expect(acceptedStep(secret, 'abcdef', now)).toBeNull();
  });

  it('builds an otpauth URL and a PNG QR code for authenticator apps', async () => {
    const url = otpauthUrl(secret, 'cb.donghoi');
    expect(url).toMatch(/^otpauth:\/\/totp\/Saola:cb\.donghoi\?/);
    expect(url).toContain(`secret=${secret}`);
    expect(await qrDataUrl(url)).toMatch(/^data:image\/png;base64,/);
  });
});

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the clear text', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, sealed, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another purpose, another key or a modified value', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(() => open(key, sealed, 'totp:u2')).toThrow();
    expect(() => open(randomBytes(32), sealed, 'totp:u1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(16)).toString('base64url');
    expect(() => open(key, parts.join('.'), 'totp:u1')).toThrow();
  });
});
