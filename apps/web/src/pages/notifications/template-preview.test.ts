import { describe, expect, it } from 'vitest';
import { checkPlaceholders, placeholdersOf, renderPreview, smsSegments } from './template-preview';

describe('template preview helpers', () => {
  it('lists placeholders once, in order, tolerating spaces inside the braces', () => {
    expect(placeholdersOf('Hồ sơ {{code}} hẹn {{ dueAt }}; lại {{code}}.')).toEqual(['code', 'dueAt']);
  });

  it('finds unknown and missing placeholders across subject and body', () => {
    expect(checkPlaceholders(['Hồ sơ {{code}}', 'Xin chào {{ten}}'], ['code', 'dueAt'], ['code', 'dueAt'])).toEqual({
      unknown: ['ten'],
      missing: ['dueAt'],
    });
    expect(checkPlaceholders(['{{code}} {{dueAt}}'], ['code', 'dueAt'], ['code'])).toEqual({
      unknown: [],
      missing: [],
    });
  });

  it('fills known placeholders with sample data and leaves unknown ones visible', () => {
    expect(renderPreview('Mã {{code}}, {{khac}}', { code: 'X-1' })).toBe('Mã X-1, {{khac}}');
  });

  it('counts SMS segments: 70 characters with diacritics, 160 without', () => {
    expect(smsSegments('')).toBe(0);
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ă'.repeat(70))).toBe(1);
    expect(smsSegments('ă'.repeat(71))).toBe(2);
  });
});
