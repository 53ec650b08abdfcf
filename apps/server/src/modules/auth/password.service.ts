import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import * as repo from './auth.repository.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { generateTemporaryPassword, PASSWORD_HISTORY, passwordProblems } from './password-policy.js';
import { revokeSessionsOf } from './session.repository.js';
import { clearAccountFailures } from './throttle.service.js';

/**
 * Password changes: rules of password-policy.ts plus "not one of the last 5 passwords"
 * (QĐ 742/QĐ-BTTTT). `field` names the request field the 422 points at.
 */
export async function assertAcceptablePassword(
  db: Kysely<DB>,
  userId: string,
  username: string | null,
  password: string,
  field: string,
): Promise<void> {
  const problems = passwordProblems(password, username);
  if (problems.length === 0) {
    for (const old of await repo.recentPasswordHashes(db, userId, PASSWORD_HISTORY)) {
      if (await verifyPassword(old, password)) {
        problems.push(`Không được dùng lại một trong ${PASSWORD_HISTORY} mật khẩu gần nhất.`);
        break;
      }
    }
  }
  if (problems.length) {
    throw unprocessable(
      'Mật khẩu mới chưa đáp ứng quy định an toàn.',
      problems.map((message) => ({ field, message })),
      'password_policy',
    );
  }
}

/** Stores a password and records it in the audit log, in one transaction. */
export async function storePasswordAudited(
  app: FastifyInstance,
  actor: ActorContext,
  userId: string,
  password: string,
  options: { mustChange: boolean; action: string; keepSessionId?: string; revokeSessions: boolean },
) {
  const passwordHash = await hashPassword(password);
  const now = app.clock();
  await app.database.db.transaction().execute(async (trx) => {
    await repo.storePassword(trx, userId, passwordHash, options.mustChange, now);
    await repo.trimPasswordHistory(trx, userId, PASSWORD_HISTORY);
    if (options.revokeSessions) {
      await revokeSessionsOf(trx, 'staff', userId, 'password_changed', now, options.keepSessionId);
      await repo.consumeChallengesOf(trx, userId, now);
    }
    await app.audit.record(
      actor,
      {
        action: options.action,
        entityType: 'user',
        entityId: userId,
        agencyId: null,
        after: { mustChangePassword: options.mustChange },
      },
      trx,
    );
  });
}

/** app.auth.setPassword: the policy applies to passwords chosen by an administrator too. */
export async function setPassword(
  app: FastifyInstance,
  actor: ActorContext,
  userId: string,
  password: string,
  mustChange: boolean,
) {
  const staff = await app.org.findStaff(userId);
  if (!staff) throw notFound('Không tìm thấy người dùng.');
  await assertAcceptablePassword(app.database.db, userId, staff.username, password, '/password');
  const existed = (await repo.findCredentials(app.database.db, userId)) !== undefined;
  await storePasswordAudited(app, actor, userId, password, {
    mustChange,
    action: 'auth.password_set',
    revokeSessions: existed,
  });
}

/**
 * app.auth.issueTemporaryPassword: a random password the user must change at next sign-in. Ends
 * the user's sessions and clears their sign-in lock, so the reset also unlocks a locked-out user.
 */
export async function issueTemporaryPassword(
  app: FastifyInstance,
  actor: ActorContext,
  userId: string,
): Promise<string> {
  const staff = await app.org.findStaff(userId);
  if (!staff) throw notFound('Không tìm thấy người dùng.');
  const password = generateTemporaryPassword();
  await storePasswordAudited(app, actor, userId, password, {
    mustChange: true,
    action: 'auth.password_temporary',
    revokeSessions: true,
  });
  await clearAccountFailures(app, staff.username);
  return password;
}
