import { randomInt } from 'node:crypto';

/**
 * Password rules for staff accounts. QĐ 742/QĐ-BTTTT (2022) asks for a minimum length and a mix of
 * character kinds; we require more than its minimum of 8: at least 10 characters with upper case,
 * lower case, a digit and a special character, not containing the username, and not one of the
 * last PASSWORD_HISTORY passwords (checked by the service, which holds the hashes).
 */
export const PASSWORD_MIN_LENGTH = 10;
/** Long inputs make argon2 slow for nothing; 128 is plenty for a passphrase. */
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_HISTORY = 5;

/** Vietnamese messages for every rule the password breaks (empty = acceptable). */
export function passwordProblems(password: string, username: string | null): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Mật khẩu tối đa ${PASSWORD_MAX_LENGTH} ký tự.`);
  if (!/\p{Lu}/u.test(password)) problems.push('Mật khẩu phải có ít nhất một chữ hoa.');
  if (!/\p{Ll}/u.test(password)) problems.push('Mật khẩu phải có ít nhất một chữ thường.');
  if (!/\p{Nd}/u.test(password)) problems.push('Mật khẩu phải có ít nhất một chữ số.');
  if (!/[^\p{L}\p{N}]/u.test(password)) problems.push('Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ ! @ # $ %).');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('Mật khẩu không được chứa tên đăng nhập.');
  }
  return problems;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SPECIAL = '!@#$%*?-+=';

/** A random password meeting the rules (no look-alike characters), for temporary passwords. */
export function generateTemporaryPassword(length = 14): string {
  const all = UPPER + LOWER + DIGITS + SPECIAL;
  const pick = (set: string) => set[randomInt(set.length)] ?? 'x';
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
