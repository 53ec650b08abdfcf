import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { logout } from '../auth/account.service.js';
import { assertSameOrigin } from '../auth/origin-check.js';
import { csrfTokenOf } from '../auth/principal-hook.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import type { CorrectionField } from '../privacy/privacy.tables.js';
import { ACCOUNT_PURPOSE } from '../privacy/purposes.js';
import { accountMain, type CorrectionForm, FIELD_LABELS, signOutMain } from './account.views.js';
import { sessionMeta } from './citizens.routes.js';
import type { CitizensService } from './citizens.service.js';
import type { IdCardService } from './id-card.service.js';
import { ID_CARD_NOTICES, idCardErrorsOf, idCardSection } from './id-card.views.js';
import type { OidcService } from './oidc.service.js';
import { OTP_TTL_MINUTES } from './otp.js';
import { CONSENT_MESSAGE, type OtpService } from './otp.service.js';
import { codeMain, noticeMain, type PageError, type SignInForm, signInMain } from './sign-in.views.js';

/** Between step 1 and step 2 of sign-in: which challenge, where the code went, and the consent given. */
const OTP_COOKIE = 'saola_otp';
const OTP_COOKIE_PATH = '/dang-nhap';
interface OtpStep {
  challengeId: string;
  maskedDestination: string;
  channel: 'sms' | 'email';
  consent: boolean;
}

const FORM_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const Loose = Type.Optional(Type.String({ maxLength: 5000 }));

const SIGN_IN_ERRORS: Record<string, PageError> = {
  'dong-y': { field: 'dong-y', message: CONSENT_MESSAGE },
  oidc: {
    field: 'identifier',
    message: 'Chưa đăng nhập được qua nhà cung cấp định danh. Vui lòng thử lại, hoặc đăng nhập bằng mã xác nhận.',
  },
  khoa: {
    field: 'identifier',
    message: 'Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ.',
  },
  'het-han': { field: 'identifier', message: 'Phiên nhập mã đã hết hạn. Hãy yêu cầu mã mới.' },
};

const NOTICES: Record<string, string> = {
  'dang-xuat': 'Bạn đã đăng xuất.',
  'gui-yeu-cau': 'Đã gửi yêu cầu chỉnh sửa. Cán bộ phụ trách sẽ xem xét và trả lời trên trang này.',
  'dong-y': 'Đã ghi nhận sự đồng ý của bạn.',
  'rut-lai': 'Đã rút lại sự đồng ý của bạn.',
  ...ID_CARD_NOTICES,
};

const CORRECTION_FIELDS = Object.keys(FIELD_LABELS) as CorrectionField[];

function fieldsOf(error: AppError, map: Record<string, string>, fallback: string): PageError[] {
  const out = error.fields.map((f) => ({ field: map[f.field] ?? fallback, message: f.message }));
  return out.length ? out : [{ field: fallback, message: error.detail }];
}

export function citizenPages(deps: {
  otp: OtpService;
  citizens: CitizensService;
  oidc: OidcService;
  idCards: IdCardService;
}): FastifyPluginAsyncTypebox {
  const { otp, citizens, oidc, idCards } = deps;
  return async (app) => {
    const secure = app.config.publicUrl.startsWith('https:');
    const page = (request: FastifyRequest, title: string, main: ReturnType<typeof signInMain>) =>
      renderLayout({ title, main, request, noindex: true, breadcrumbs: [{ label: title }] });

    const renderSignIn = (
      request: FastifyRequest,
      reply: FastifyReply,
      form: SignInForm,
      errors: PageError[],
      notice: string | null = null,
    ) =>
      sendPage(
        reply,
        page(
          request,
          'Đăng nhập',
          signInMain({
            form,
            errors,
            notice,
            csrf: csrfTokenOf(request),
            portalName: app.config.portalName,
            oidcName: oidc.enabled ? oidc.providerName : null,
          }),
        ),
        errors.length ? 400 : 200,
      );

    const readStep = (request: FastifyRequest): OtpStep | null => {
      const raw = request.cookies[OTP_COOKIE];
      if (!raw) return null;
      const u = request.unsignCookie(raw);
      if (!u.valid || !u.value) return null;
      try {
        const v = JSON.parse(Buffer.from(u.value, 'base64url').toString('utf8')) as OtpStep;
        return typeof v.challengeId === 'string' && typeof v.maskedDestination === 'string' ? v : null;
      } catch {
        return null;
      }
    };

    app.get(
      '/dang-nhap',
      { schema: { hide: true, querystring: Type.Object({ loi: Loose, da: Loose }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        if (request.principal?.kind === 'citizen') return reply.redirect('/tai-khoan', 303);
        const error = SIGN_IN_ERRORS[request.query.loi ?? ''];
        return renderSignIn(
          request,
          reply,
          { identifier: '', consent: false },
          error ? [error] : [],
          NOTICES[request.query.da ?? ''] ?? null,
        );
      },
    );

    app.post(
      '/dang-nhap',
      {
        schema: { hide: true, body: Type.Object({ identifier: Loose, dong_y: Loose, action: Loose, _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        assertSameOrigin(request);
        const form: SignInForm = {
          identifier: (request.body.identifier ?? '').slice(0, 254),
          consent: request.body.dong_y === 'co',
        };
        const errors: PageError[] = [];
        const viaOidc = request.body.action === 'oidc' && oidc.enabled;
        // Asked every time and never pre-ticked (Luật 91/2025/QH15): the page cannot know whether the
        // person already has an account without telling anyone who types a number.
        if (!form.consent) errors.push(SIGN_IN_ERRORS['dong-y'] as PageError);
        if (viaOidc) {
          if (errors.length) return renderSignIn(request, reply, form, errors);
          return reply.redirect(`/api/v1/citizen/oidc/start?consent=${ACCOUNT_PURPOSE}`, 303);
        }
        if (form.identifier.trim() === '') {
          errors.unshift({ field: 'identifier', message: 'Nhập số điện thoại di động hoặc địa chỉ thư điện tử.' });
        }
        if (errors.length) return renderSignIn(request, reply, form, errors);
        try {
          const sent = await otp.request(actorOf(request), form.identifier);
          const step: OtpStep = { ...sent, consent: form.consent };
          void reply.setCookie(OTP_COOKIE, Buffer.from(JSON.stringify(step)).toString('base64url'), {
            signed: true,
            httpOnly: true,
            sameSite: 'lax',
            secure,
            path: OTP_COOKIE_PATH,
            maxAge: 15 * 60,
          });
          return reply.redirect('/dang-nhap/ma-xac-nhan', 303);
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          if (error.status === 429 && typeof error.extra.retryAfter === 'number') {
            void reply.header('retry-after', String(error.extra.retryAfter));
          }
          return renderSignIn(request, reply, form, [
            { field: 'identifier', message: error.fields[0]?.message ?? error.detail },
          ]);
        }
      },
    );

    const renderCode = (
      request: FastifyRequest,
      reply: FastifyReply,
      step: OtpStep,
      code: string,
      errors: PageError[],
    ) =>
      sendPage(
        reply,
        page(
          request,
          'Nhập mã xác nhận',
          codeMain({
            code,
            errors,
            csrf: csrfTokenOf(request),
            maskedDestination: step.maskedDestination,
            channel: step.channel,
            minutes: OTP_TTL_MINUTES,
          }),
        ),
        errors.length ? 400 : 200,
      );

    app.get('/dang-nhap/ma-xac-nhan', { schema: { hide: true }, config: PAGE_LIMIT }, async (request, reply) => {
      const step = readStep(request);
      if (!step) return reply.redirect('/dang-nhap?loi=het-han', 303);
      return renderCode(request, reply, step, '', []);
    });

    app.post(
      '/dang-nhap/ma-xac-nhan',
      { schema: { hide: true, body: Type.Object({ ma: Loose, _csrf: Loose }) }, config: FORM_LIMIT },
      async (request, reply) => {
        assertSameOrigin(request);
        const step = readStep(request);
        if (!step) return reply.redirect('/dang-nhap?loi=het-han', 303);
        const code = (request.body.ma ?? '').replace(/\s/g, '').slice(0, 10);
        if (code === '')
          return renderCode(request, reply, step, code, [{ field: 'ma', message: 'Nhập mã xác nhận gồm 6 chữ số.' }]);
        let citizenId: string;
        try {
          const row = await otp.verify(actorOf(request), {
            challengeId: step.challengeId,
            code,
            ...(step.consent ? { consent: { purpose: ACCOUNT_PURPOSE, accepted: true } } : {}),
          });
          citizenId = row.id;
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          if (error.code === 'consent_required') return reply.redirect('/dang-nhap?loi=dong-y', 303);
          if (error.code === 'account_disabled') return reply.redirect('/dang-nhap?loi=khoa', 303);
          return renderCode(request, reply, step, code, [
            { field: 'ma', message: error.fields[0]?.message ?? error.detail },
          ]);
        }
        void reply.clearCookie(OTP_COOKIE, { path: OTP_COOKIE_PATH });
        await app.auth.startCitizenSession(reply, citizenId, sessionMeta(request));
        // Back to the page that asked for sign-in (online filing, my dossiers: modules/eservices), same site only.
        const back = request.cookies.saola_sau_dang_nhap;
        if (back && /^\/(?![/\\])[\w\-./%]*$/.test(back)) {
          void reply.clearCookie('saola_sau_dang_nhap', { path: '/' });
          return reply.redirect(back, 303);
        }
        return reply.redirect('/tai-khoan', 303);
      },
    );

    app.get('/du-lieu-ca-nhan', { schema: { hide: true }, config: PAGE_LIMIT }, async (request, reply) =>
      sendPage(
        reply,
        renderLayout({
          title: 'Dữ liệu cá nhân của bạn',
          main: noticeMain(app.config.portalName),
          request,
          breadcrumbs: [{ label: 'Dữ liệu cá nhân' }],
        }),
      ),
    );

    const renderAccount = async (
      request: FastifyRequest,
      reply: FastifyReply,
      citizenId: string,
      form: CorrectionForm,
      errors: PageError[],
      notice: string | null,
      idCardErrors: PageError[] = [],
    ) => {
      const [profile, identities, consents, corrections, documents] = await Promise.all([
        citizens.getProfile(citizenId),
        citizens.listIdentities(citizenId),
        citizens.consentOverview(citizenId),
        app.privacy.listCorrectionRequestsOf(citizenId),
        idCards.list(citizenId),
      ]);
      const main = accountMain({
        profile,
        identities,
        oidcName: oidc.providerName,
        oidcIssuer: app.config.oidc.issuer,
        purposes: consents.purposes,
        corrections,
        form,
        errors: [...errors, ...idCardErrors],
        csrf: csrfTokenOf(request),
        notice,
        idCard: idCardSection({ documents, csrf: csrfTokenOf(request), errors: idCardErrors }),
      });
      return sendPage(reply, page(request, 'Tài khoản của tôi', main), errors.length ? 400 : 200);
    };

    const citizenOf = (request: FastifyRequest): string | null =>
      request.principal?.kind === 'citizen' ? request.principal.citizenId : null;
    const emptyForm: CorrectionForm = { field: 'fullName', requestedValue: '', reason: '' };

    app.get(
      '/tai-khoan',
      { schema: { hide: true, querystring: Type.Object({ da: Loose, 'loi-anh': Loose }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return reply.redirect('/dang-nhap', 303);
        void reply.header('cache-control', 'no-store');
        const notice = NOTICES[request.query.da ?? ''] ?? null;
        return renderAccount(request, reply, id, emptyForm, [], notice, idCardErrorsOf(request.query['loi-anh']));
      },
    );

    app.post(
      '/tai-khoan/dong-y',
      {
        schema: { hide: true, body: Type.Object({ purpose: Loose, granted: Loose, _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return reply.redirect('/dang-nhap', 303);
        const granted = request.body.granted === '1';
        try {
          await citizens.answerConsent(actorOf(request), id, request.body.purpose ?? '', granted);
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          return renderAccount(request, reply, id, emptyForm, [{ field: 'dong-y', message: error.detail }], null);
        }
        return reply.redirect(`/tai-khoan?da=${granted ? 'dong-y' : 'rut-lai'}#dong-y`, 303);
      },
    );

    app.post(
      '/tai-khoan/yeu-cau-chinh-sua',
      {
        schema: { hide: true, body: Type.Object({ field: Loose, requestedValue: Loose, reason: Loose, _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return reply.redirect('/dang-nhap', 303);
        const form: CorrectionForm = {
          field: request.body.field ?? '',
          requestedValue: (request.body.requestedValue ?? '').slice(0, 1000),
          reason: (request.body.reason ?? '').slice(0, 2000),
        };
        const errors: PageError[] = [];
        const field = CORRECTION_FIELDS.find((f) => f === form.field);
        if (!field) errors.push({ field: 'field', message: 'Chọn thông tin cần sửa.' });
        if (form.requestedValue.trim() === '')
          errors.push({ field: 'requestedValue', message: 'Nhập thông tin đúng.' });
        if (form.reason.trim() === '') errors.push({ field: 'reason', message: 'Cho biết vì sao cần sửa.' });
        if (!field || errors.length) return renderAccount(request, reply, id, form, errors, null);
        try {
          await citizens.requestCorrection(actorOf(request), id, {
            field,
            requestedValue: form.requestedValue,
            reason: form.reason,
          });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          const fields = fieldsOf(
            error,
            { '/requestedValue': 'requestedValue', '/reason': 'reason', '/field': 'field' },
            'requestedValue',
          );
          return renderAccount(request, reply, id, form, fields, null);
        }
        return reply.redirect('/tai-khoan?da=gui-yeu-cau#chinh-sua', 303);
      },
    );

    app.get('/dang-xuat', { schema: { hide: true }, config: PAGE_LIMIT }, async (request, reply) =>
      sendPage(reply, page(request, 'Đăng xuất', signOutMain(csrfTokenOf(request), request.authSession !== null))),
    );

    app.post(
      '/dang-xuat',
      { schema: { hide: true, body: Type.Optional(Type.Object({ _csrf: Loose })) }, config: FORM_LIMIT },
      async (request, reply) => {
        await logout(app, request, reply);
        return reply.redirect('/dang-nhap?da=dang-xuat', 303);
      },
    );
  };
}
