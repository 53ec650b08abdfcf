import { describe, expect, it } from 'vitest';
import { ajvMessage } from './problem.js';

describe('Vietnamese messages for schema errors', () => {
  it('names the missing field and says it is required', () => {
    expect(
      ajvMessage({ instancePath: '/applicant', keyword: 'required', params: { missingProperty: 'phone' } }),
    ).toEqual({
      field: '/applicant/phone',
      message: 'Trường này là bắt buộc.',
    });
  });
  it('explains lengths, formats and types', () => {
    expect(ajvMessage({ instancePath: '/name', keyword: 'minLength', params: { limit: 3 } }).message).toBe(
      'Cần ít nhất 3 ký tự.',
    );
    expect(ajvMessage({ instancePath: '/email', keyword: 'format', params: { format: 'email' } }).message).toBe(
      'Địa chỉ thư điện tử không hợp lệ.',
    );
    expect(ajvMessage({ instancePath: '/n', keyword: 'type', params: { type: 'integer' } }).message).toBe(
      'Giá trị phải là số nguyên.',
    );
  });
});
