import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unauthorized, unprocessable } from '../../http/errors.js';
import * as repo from './auth.repository.js';
import { liveChallenge, userActor } from './login.service.js';
import { totpRequiredFor, type StaffPrincipal } from './me.service.js';
import { verifyPassword } from './password-hash.js';
import { openTotpSecret, sealTotpSecret } from './totp-seal.js';
import { acceptedStep, newTotpSecret, otpauthUrl, qrDataUrl } from './totp.js';

/** Second factor (TOTP) enrolment and removal. */

const alreadyEnabled = () =>
  new AppError(409, 'totp_already_enabled', 'Xác thực hai lớp đã được bật. Hãy tắt trước nếu muốn thiết lập lại.');

/**
 * A new (pending) seed and its QR code. Either for the signed-in user, or, at first sign-in of a
 * role that requires 2FA, for the user of a `totp_setup` challenge (no session exists yet).
 */
export async function setupTotp(
  app: FastifyInstance,
  staffPrincipal: StaffPrincipal | null,
  challengeId: string | undefined,
): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  let user: { id: string; username: string };
  if (staffPrincipal) {
    user = { id: staffPrincipal.userId, username: staffPrincipal.username };
  } else if (challengeId) {
    const { challenge, staff } = await liveChallenge(app, challengeId);
    if (challenge.kind !== 'totp_setup') throw alreadyEnabled();
    user = staff;
  } else {
    throw unauthorized();
  }
  const db = app.database.db;
  const cred = await repo.findCredentials(db, user.id);
  if (!cred) throw unauthorized();
  if (cred.totp_enabled) throw alreadyEnabled();
  const secret = newTotpSecret();
  await repo.setPendingTotp(db, user.id, sealTotpSecret(app, user.id, secret), app.clock());
  const url = otpauthUrl(secret, user.username);
  return { secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url) };
}

export async function enableTotp(app: FastifyInstance, request: FastifyRequest, p: StaffPrincipal, code: string) {
  const db = app.database.db;
  const cred = await repo.findCredentials(db, p.userId);
  if (!cred) throw unauthorized();
  if (cred.totp_enabled) throw alreadyEnabled();
  const sealed = cred.totp_pending_secret_enc;
  if (!sealed) {
    throw new AppError(409, 'totp_setup_not_started', 'Chưa tạo mã QR xác thực hai lớp. Hãy bấm "Thiết lập" trước.');
  }
  const now = app.clock();
  const step = acceptedStep(openTotpSecret(app, p.userId, sealed), code.trim(), now);
  if (step === null) {
    throw unprocessable(
      'Mã xác thực không đúng.',
      [{ field: '/code', message: 'Mã gồm 6 chữ số trên ứng dụng xác thực.' }],
      'invalid_totp_code',
    );
  }
  await db.transaction().execute(async (trx) => {
    if (!(await repo.enableTotp(trx, p.userId, sealed, step, now))) {
      throw new AppError(409, 'totp_setup_changed', 'Mã QR đã được tạo lại. Vui lòng quét mã mới rồi thử lại.');
    }
    await app.audit.record(
      userActor(request, { id: p.userId, username: p.username }),
      { action: 'auth.totp_enable', entityType: 'user', entityId: p.userId, agencyId: null },
      trx,
    );
  });
}

export async function disableTotp(app: FastifyInstance, request: FastifyRequest, p: StaffPrincipal, password: string) {
  const db = app.database.db;
  const cred = await repo.findCredentials(db, p.userId);
  if (!cred || !(await verifyPassword(cred.password_hash, password))) {
    throw unprocessable(
      'Mật khẩu không đúng.',
      [{ field: '/password', message: 'Mật khẩu không đúng.' }],
      'invalid_password',
    );
  }
  if (
    await totpRequiredFor(
      app,
      p.grants.map((g) => g.roleCode),
    )
  ) {
    throw new AppError(409, 'totp_required_by_role', 'Vai trò của bạn bắt buộc xác thực hai lớp nên không thể tắt.');
  }
  if (!cred.totp_enabled) return;
  const now = app.clock();
  await db.transaction().execute(async (trx) => {
    await repo.disableTotp(trx, p.userId, now);
    await app.audit.record(
      userActor(request, { id: p.userId, username: p.username }),
      { action: 'auth.totp_disable', entityType: 'user', entityId: p.userId, agencyId: null },
      trx,
    );
  });
}
