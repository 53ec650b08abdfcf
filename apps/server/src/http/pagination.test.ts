import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips any cursor', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), fc.uuid(), (k, id) => {
        expect(decodeCursor(encodeCursor({ k, id }))).toEqual({ k, id });
      }),
    );
  });

  it('rejects a forged cursor with a Vietnamese 400', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(AppError);
    expect(() => decodeCursor(Buffer.from('{"k":{}}').toString('base64url'))).toThrow(/Con trỏ phân trang/);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it('returns a next cursor only when a further row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n), n }));
    expect(toPage(rows, 3, (r) => ({ k: r.n, id: r.id })).nextCursor).toBeNull();
    const page = toPage(rows, 2, (r) => ({ k: r.n, id: r.id }));
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ k: 2, id: '2' });
  });
});
