import { describe, expect, it } from 'vitest';
import { checkTemplateText, normalizeRecipient, placeholdersOf, renderText } from './notifications.templates.js';

describe('templates', () => {
  it('fills placeholders, with or without inner spaces, keeping Vietnamese text intact', () => {
    expect(renderText('Mã của bạn là {{code}}, hiệu lực {{ minutes }} phút.', { code: '012345', minutes: 5 })).toBe(
      'Mã của bạn là 012345, hiệu lực 5 phút.',
    );
    expect(placeholdersOf('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
  });

  it('refuses to render with a missing value instead of leaving a hole', () => {
    expect(() => renderText('Mã {{code}}', {})).toThrow(/\{\{code\}\}/);
    expect(() => renderText('{{toString}}', {})).toThrow(/toString/);
  });

  it('checks what an administrator writes', () => {
    const base = {
      channel: 'sms' as const,
      subject: null,
      variables: ['code', 'minutes'],
      requiredVariables: ['code'],
    };
    expect(checkTemplateText({ ...base, body: 'Mã {{code}}' })).toEqual([]);
    expect(checkTemplateText({ ...base, body: 'Mã {{cod}}' }).map((e) => e.message)).toEqual([
      expect.stringContaining('{{cod}}'),
      expect.stringContaining('phải giữ chỗ điền {{code}}'),
    ]);
    expect(checkTemplateText({ ...base, subject: 'Tiêu đề', body: 'Mã {{code}}' })).toEqual([
      { field: '/subject', message: expect.stringContaining('SMS') },
    ]);
    expect(checkTemplateText({ ...base, channel: 'email', subject: ' ', body: 'Mã {{code}}' })).toEqual([
      { field: '/subject', message: expect.stringContaining('tiêu đề') },
    ]);
  });

  it('accepts e-mail addresses and Vietnamese phone numbers only', () => {
    expect(normalizeRecipient('email', ' an.nguyen@quangtri.gov.vn ')).toBe('an.nguyen@quangtri.gov.vn');
    expect(normalizeRecipient('email', 'khong-hop-le')).toBeNull();
    expect(normalizeRecipient('email', 'a@b.vn\r\nBcc: x@y.vn')).toBeNull();
    expect(normalizeRecipient('sms', '0912 345 678')).toBe('0912345678');
    expect(normalizeRecipient('sms', '+84912345678')).toBe('+84912345678');
    expect(normalizeRecipient('sms', '12345')).toBeNull();
    expect(normalizeRecipient('sms', 'an@b.vn')).toBeNull();
  });
});
