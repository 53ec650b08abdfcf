import type { FastifyInstance } from 'fastify';
import { listCredentialUserIds } from './auth.repository.js';
import { verifyPassword } from './password-hash.js';

export class DemoPasswordError extends Error {
  constructor(readonly usernames: string[]) {
    super(
      `Không khởi động ở chế độ production: các tài khoản sau vẫn dùng mật khẩu demo (QĐ 742/QĐ-BTTTT không cho phép mật khẩu mặc định): ${usernames.join(', ')}. ` +
        'Hãy đổi mật khẩu các tài khoản này (hoặc khóa chúng) rồi khởi động lại.',
    );
    this.name = 'DemoPasswordError';
  }
}

/**
 * Start-up check for production (NODE_ENV=production): refuses to start while an active staff
 * account's password is one of the demo passwords. With `onlyUsernames` (the demo accounts), only
 * those are checked — argon2 costs ~50 ms a try, so checking thousands of accounts at every start
 * is not an option. Call from main before listening; it throws DemoPasswordError.
 */
export async function assertNoDemoPasswords(
  app: FastifyInstance,
  demoPasswords: readonly string[],
  onlyUsernames?: readonly string[],
): Promise<void> {
  if (app.config.env !== 'production' || demoPasswords.length === 0) return;
  const offenders: string[] = [];
  for (const { userId, passwordHash } of await listCredentialUserIds(app.database.db)) {
    const staff = await app.org.findStaff(userId);
    if (!staff || staff.status !== 'active') continue;
    if (onlyUsernames && !onlyUsernames.includes(staff.username)) continue;
    for (const demo of demoPasswords) {
      if (await verifyPassword(passwordHash, demo)) {
        offenders.push(staff.username);
        break;
      }
    }
  }
  if (offenders.length) throw new DemoPasswordError(offenders.sort());
}
