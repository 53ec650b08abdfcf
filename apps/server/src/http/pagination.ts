import { Type, type TSchema } from 'typebox';
import { badRequest } from './errors.js';

/** Cursor pagination: the cursor is the last row's sort key and id, opaque to clients. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Số bản ghi mỗi trang' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 500, description: 'Con trỏ trang tiếp theo (nextCursor của trang trước)' }),
  ),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });

export interface Cursor {
  /** Sort key of the last row (string, number or ISO instant). */
  k: string | number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if ((typeof c.k === 'string' || typeof c.k === 'number') && typeof c.id === 'string') return c;
  } catch {
    // fall through
  }
  throw badRequest('invalid_cursor', 'Con trỏ phân trang không hợp lệ. Hãy tải lại trang đầu.');
}

/** Given limit+1 rows, returns the page and the cursor of its last row when more exist. */
export function toPage<R>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => Cursor,
): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
