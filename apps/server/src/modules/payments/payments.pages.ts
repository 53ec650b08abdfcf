import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { csrfTokenOf } from '../auth/principal-hook.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import { renderNotFound } from '../portal/pages/not-found.js';
import { vnpParamsOf } from './gateway-vnpay.js';
import { paymentView } from './payments.rules.js';
import type { ReceiptMaker } from './payments.receipt-maker.js';
import { type PaymentsService, RETURN_PATH } from './payments.service.js';
import { payMain, returnMain, type ReturnOutcome } from './payments.views.js';

const PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const FORM_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

/**
 * The citizen's payment pages (server-rendered, work with JavaScript off): the pay page of one of their own
 * dossiers (amount, VietQR, "Thanh toán qua cổng"), the gateway's return page and the receipt (PDF).
 */
export function paymentPages(service: PaymentsService, receipts: ReceiptMaker): FastifyPluginAsyncTypebox {
  return async (app) => {
    const citizenOf = (request: FastifyRequest) =>
      request.principal?.kind === 'citizen' ? request.principal.citizenId : null;
    const toSignIn = (reply: FastifyReply) => reply.redirect('/dang-nhap', 303);
    /** A dossier or receipt that is not the citizen's: the portal's HTML "not found" page, as for an unknown one. */
    const orNotFound = async (request: FastifyRequest, reply: FastifyReply, fn: () => Promise<FastifyReply>) => {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof AppError && e.status === 404) return sendPage(reply, renderNotFound(request), 404);
        throw e;
      }
    };

    const renderPay = async (
      request: FastifyRequest,
      reply: FastifyReply,
      citizenId: string,
      code: string,
      error: AppError | null,
    ) => {
      const dossier = await service.ownDossier(citizenId, code);
      const status = await service.statusOf(dossier);
      const payload = service.vietQr(dossier, status);
      const qrImage = payload
        ? await QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
        : null;
      const title = 'Nộp phí, lệ phí';
      return sendPage(
        reply,
        renderLayout({
          title,
          request,
          noindex: true,
          breadcrumbs: [
            { label: 'Hồ sơ của tôi', href: '/ho-so-cua-toi' },
            { label: dossier.code, href: `/ho-so-cua-toi/${encodeURIComponent(dossier.code)}` },
            { label: title },
          ],
          main: payMain({
            dossier,
            status,
            csrf: csrfTokenOf(request),
            gatewayEnabled: service.gatewayEnabled,
            qrImage,
            account: service.transferAccount,
            error: error?.detail ?? null,
          }),
        }),
        error?.status ?? 200,
      );
    };

    app.get(
      '/ho-so-cua-toi/:code/thanh-toan',
      { schema: { hide: true, params: CodeParams }, config: PAGE_LIMIT },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply);
        return orNotFound(request, reply, () => renderPay(request, reply, citizenId, request.params.code, null));
      },
    );

    app.post(
      '/ho-so-cua-toi/:code/thanh-toan',
      {
        schema: {
          hide: true,
          params: CodeParams,
          body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply);
        return orNotFound(request, reply, async () => {
          try {
            const url = await service.startGatewayPayment(citizenId, actorOf(request), request.params.code, request.ip);
            return await reply.redirect(url, 303);
          } catch (e) {
            if (e instanceof AppError && (e.status === 409 || e.status === 503)) {
              return renderPay(request, reply, citizenId, request.params.code, e);
            }
            throw e;
          }
        });
      },
    );

    app.get(
      RETURN_PATH,
      {
        schema: {
          hide: true,
          querystring: Type.Record(Type.String({ pattern: '^vnp_[A-Za-z]+$' }), Type.String({ maxLength: 1000 })),
        },
        config: PAGE_LIMIT,
      },
      async (request, reply) => {
        const r = await service.returned(vnpParamsOf(request.query));
        let outcome: ReturnOutcome;
        if (!r.valid) outcome = { kind: 'invalid' };
        else if (!r.payment) outcome = { kind: 'unknown' };
        else outcome = { kind: r.payment.status, code: r.payment.dossier_code, payment: paymentView(r.payment) };
        const title = 'Kết quả thanh toán';
        return sendPage(
          reply,
          renderLayout({ title, request, noindex: true, breadcrumbs: [{ label: title }], main: returnMain(outcome) }),
          r.valid ? 200 : 400,
        );
      },
    );

    app.get(
      '/ho-so-cua-toi/:code/bien-lai/:paymentId',
      {
        schema: {
          hide: true,
          params: Type.Object({ code: Type.String({ maxLength: 40 }), paymentId: Type.String({ maxLength: 40 }) }),
        },
        config: PAGE_LIMIT,
      },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply);
        return orNotFound(request, reply, async () => {
          const dossier = await service.ownDossier(citizenId, request.params.code);
          const payment = await service.paidPayment(dossier, request.params.paymentId);
          const pdf = await receipts.render(dossier, payment);
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="bien-lai-${dossier.code}.pdf"`)
            .header('cache-control', 'private, no-store')
            .send(pdf);
        });
      },
    );
  };
}
