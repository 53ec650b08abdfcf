import { describe, expect, it } from 'vitest';
import { isFontSize, safeLocalPath } from './font-size.js';

describe('safeLocalPath (the "back" of the font-size control)', () => {
  it('keeps a local path with its query', () => {
    expect(safeLocalPath('/don-vi-hanh-chinh/tra-cuu?ma=18883')).toBe('/don-vi-hanh-chinh/tra-cuu?ma=18883');
    expect(safeLocalPath('/')).toBe('/');
  });
  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'don-vi-hanh-chinh',
    '/a\nb',
    '',
    undefined,
    42,
  ])('sends %j home instead of off-site', (back) => {
    expect(safeLocalPath(back)).toBe('/');
  });
  it('drops a fragment and normalises dot segments without leaving the site', () => {
    expect(safeLocalPath('/a/../lich-nghi#x')).toBe('/lich-nghi');
  });
});

describe('isFontSize', () => {
  it('accepts only the three sizes', () => {
    expect(['nho', 'vua', 'lon'].every(isFontSize)).toBe(true);
    expect(isFontSize('huge')).toBe(false);
    expect(isFontSize(undefined)).toBe(false);
  });
});
