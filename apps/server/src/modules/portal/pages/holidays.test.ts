import { describe, expect, it } from 'vitest';
import { formatDay } from './holidays.js';

describe('formatDay', () => {
  it('writes the weekday and the date in Vietnamese', () => {
    expect(formatDay('2026-09-02')).toBe('Thứ Tư, 02/09/2026');
    expect(formatDay('2026-02-15')).toBe('Chủ Nhật, 15/02/2026');
  });
});
