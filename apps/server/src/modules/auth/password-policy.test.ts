import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword, passwordProblems } from './password-policy.js';

describe('password rules (QĐ 742/QĐ-BTTTT)', () => {
  it('accepts a password with every kind of character and enough length', () => {
    expect(passwordProblems('Quang-Tri-2025', 'nguyenvana')).toEqual([]);
    expect(passwordProblems('Đồng Hới 2025 ạ!', 'cb.donghoi')).toEqual([]);
  });

  it.each([
    ['Ab1!short', 'ít nhất 10 ký tự'],
    ['quang-tri-2025', 'chữ hoa'],
    ['QUANG-TRI-2025', 'chữ thường'],
    ['Quang-Tri-Hai', 'chữ số'],
    ['QuangTri2025', 'ký tự đặc biệt'],
  ])('rejects %s (%s)', (password, rule) => {
    const problems = passwordProblems(password, 'someone');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(rule);
  });

  it('rejects a password containing the username, whatever the case', () => {
    expect(passwordProblems('Xx-NguyenVanA-9', 'nguyenvana')).toEqual(['Mật khẩu không được chứa tên đăng nhập.']);
  });

  it('lists every broken rule at once', () => {
    expect(passwordProblems('abc', null)).toHaveLength(4);
  });

  it('rejects passwords longer than 128 characters', () => {
    expect(passwordProblems(`Aa1!${'x'.repeat(130)}`, null)).toEqual(['Mật khẩu tối đa 128 ký tự.']);
  });

  it('generates temporary passwords that always satisfy the rules', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 40 }), (length) => {
        const p = generateTemporaryPassword(length);
        expect(p).toHaveLength(length);
        expect(passwordProblems(p, null)).toEqual([]);
      }),
    );
    expect(new Set(Array.from({ length: 50 }, () => generateTemporaryPassword())).size).toBe(50);
  });
});
