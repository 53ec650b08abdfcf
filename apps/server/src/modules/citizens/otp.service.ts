import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError, badRequest, forbidden, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import { ACCOUNT_PURPOSE } from '../privacy/purposes.js';
import { actAsSignedInCitizen } from './signed-in.js';
import type { CitizenRow, CitizensRepository } from './citizens.repository.js';
import { maskDestination, parseIdentifier } from './identifier.js';
import { codeMatches, generateCode, hashCode, OTP_MAX_ATTEMPTS, OTP_RATE_LIMITS, OTP_TTL_MINUTES } from './otp.js';
import { enforceLimit } from './rate-limit.js';

export const IDENTIFIER_MESSAGE =
  'Nhập số điện thoại di động (ví dụ 0912 345 678) hoặc địa chỉ thư điện tử (ví dụ ten@example.com).';
export const CONSENT_MESSAGE = 'Bạn cần đồng ý cho xử lý dữ liệu cá nhân để tạo và sử dụng tài khoản.';

/** One error for an unknown, expired, used or exhausted challenge and for a wrong code: it tells an attacker nothing. */
export const invalidCode = () =>
  badRequest('otp_invalid', 'Mã xác nhận không đúng hoặc đã hết hạn. Hãy kiểm tra lại mã, hoặc yêu cầu gửi mã mới.', [
    { field: '/code', message: 'Mã xác nhận không đúng hoặc đã hết hạn.' },
  ]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConsentAnswer {
  purpose: string;
  accepted: boolean;
}

/** Sign-in with a one-time code sent by SMS or e-mail. */
export class OtpService {
  constructor(
    private readonly app: FastifyInstance,
    private readonly repo: CitizensRepository,
  ) {}

  async request(actor: ActorContext, rawIdentifier: string) {
    const id = parseIdentifier(rawIdentifier);
    if (!id)
      throw unprocessable(
        IDENTIFIER_MESSAGE,
        [{ field: '/identifier', message: IDENTIFIER_MESSAGE }],
        'invalid_identifier',
      );
    const now = this.app.clock();
    const secret = this.app.config.sessionSecret;
    const { perIdentifier, perIp } = OTP_RATE_LIMITS;
    await enforceLimit(
      this.repo,
      secret,
      { name: 'otp:id', subject: id.value, ...perIdentifier },
      now,
      `Bạn đã yêu cầu quá nhiều mã cho ${id.kind === 'phone' ? 'số điện thoại' : 'địa chỉ thư'} này. Vui lòng thử lại sau.`,
    );
    if (actor.ip) {
      await enforceLimit(
        this.repo,
        secret,
        { name: 'otp:ip', subject: actor.ip, ...perIp },
        now,
        'Có quá nhiều yêu cầu mã từ thiết bị hoặc mạng của bạn. Vui lòng thử lại sau.',
      );
    }
    // The account exists from the first request, unverified until a code is confirmed; the answer
    // is the same whether it is new or not, so this endpoint does not reveal who has an account.
    const citizen = await this.repo.findOrCreateByIdentifier(id.kind, id.value, now);
    if (citizen.status === 'locked') {
      throw forbidden(
        'Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ.',
        'account_disabled',
      );
    }
    const challengeId = randomUUID();
    const code = generateCode();
    const expiresAt = new Date(now.getTime() + OTP_TTL_MINUTES * 60_000);
    await this.repo.insertChallenge({
      id: challengeId,
      citizenId: citizen.id,
      channel: id.channel,
      destination: id.value,
      codeHash: hashCode(secret, challengeId, code),
      expiresAt,
      maxAttempts: OTP_MAX_ATTEMPTS,
      ip: actor.ip,
      at: now,
    });
    // Queues a job only: a slow SMS gateway or SMTP server never holds this request.
    await this.app.notifications.send({
      channel: id.channel,
      to: id.value,
      template: 'citizen.otp',
      data: { code, minutes: OTP_TTL_MINUTES },
      expiresAt,
    });
    const maskedDestination = maskDestination(id);
    await this.app.audit.record(actor, {
      action: 'citizen.otp_request',
      entityType: 'citizen',
      entityId: citizen.id,
      agencyId: null,
      after: { channel: id.channel, destination: maskedDestination, challengeId },
    });
    return { challengeId, channel: id.channel, maskedDestination };
  }

  /**
   * Checks the code; on success activates the account, records the consent and returns the
   * citizen (the route then starts the session). The mandatory 'account' consent must be given
   * explicitly (`accepted: true`) unless the citizen already has it (Luật 91/2025/QH15: consent is
   * a clear affirmative act, never presumed).
   */
  async verify(
    actor: ActorContext,
    input: { challengeId: string; code: string; consent?: ConsentAnswer },
  ): Promise<CitizenRow> {
    const code = input.code.trim();
    const challenge = UUID.test(input.challengeId)
      ? await this.repo.spendAttempt(input.challengeId, this.app.clock())
      : undefined;
    if (
      !challenge ||
      !/^\d{6}$/.test(code) ||
      !codeMatches(this.app.config.sessionSecret, challenge.id, code, challenge.code_hash)
    ) {
      if (challenge && challenge.attempts >= challenge.max_attempts) {
        await this.app.audit.record(actor, {
          action: 'citizen.otp_exhausted',
          entityType: 'citizen',
          entityId: challenge.citizen_id,
          agencyId: null,
          note: `Nhập sai mã ${challenge.attempts} lần; yêu cầu mã ${challenge.id} không còn dùng được.`,
        });
      }
      throw invalidCode();
    }
    const consentGiven = input.consent?.purpose === ACCOUNT_PURPOSE && input.consent.accepted === true;
    const privacy = this.app.privacy;
    if (!consentGiven && !(await privacy.hasConsent(challenge.citizen_id, ACCOUNT_PURPOSE))) {
      throw unprocessable(
        CONSENT_MESSAGE,
        [{ field: '/consent/accepted', message: CONSENT_MESSAGE }],
        'consent_required',
      );
    }
    const now = this.app.clock();
    return this.app.database.db.transaction().execute(async (trx) => {
      if (!(await this.repo.consumeChallenge(challenge.id, now, trx))) throw invalidCode();
      const before = await this.repo.findById(challenge.citizen_id, trx);
      if (!before) throw invalidCode();
      if (before.status === 'locked') {
        throw forbidden(
          'Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ.',
          'account_disabled',
        );
      }
      const patch: Parameters<CitizensRepository['update']>[2] = { status: 'active', last_sign_in_at: now };
      if (challenge.channel === 'sms' && before.phone === challenge.destination) patch.phone_verified_at = now;
      if (challenge.channel === 'email' && before.email === challenge.destination) patch.email_verified_at = now;
      const citizen = await this.repo.update(before.id, null, patch, now, trx);
      if (!citizen) throw new AppError(500, 'internal_error', 'citizen update failed');
      const citizenActor = await actAsSignedInCitizen(
        privacy,
        actor,
        citizen,
        { given: consentGiven, source: 'otp_signin' },
        trx,
      );
      await this.app.audit.record(
        citizenActor,
        {
          action: before.status === 'unverified' ? 'citizen.activate' : 'citizen.sign_in',
          entityType: 'citizen',
          entityId: citizen.id,
          agencyId: null,
          after: { method: 'otp', channel: challenge.channel },
        },
        trx,
      );
      return citizen;
    });
  }
}
