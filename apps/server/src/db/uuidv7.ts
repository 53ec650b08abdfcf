import { randomFillSync } from 'node:crypto';

/**
 * An RFC 9562 version 7 UUID: 48 bits of Unix time in milliseconds, then random bits. Rows keyed by it are
 * inserted at the right edge of their B-tree indexes instead of on a random page; with a million dossiers and
 * seven million events the random (v4) keys made every reception read and dirty a cold page of each of three
 * large indexes (docs/performance.md). It reveals the row's creation time, which the dossier code and the
 * audit row already show; it is not a secret and never used as one.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomFillSync(Buffer.alloc(16));
  b.writeUIntBE(now, 0, 6);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
