import { randomInt } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csrfTokenOf } from '../auth/principal-hook.js';
import { html } from '../portal/html.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import { resultOf, signed, urlWith, type VnpParams, verify, vnpDate, vnpParamsOf } from './gateway-vnpay.js';
import { formatVnd } from './payments.rules.js';

/**
 * A small fake of the payment gateway for development, the demo and the browser tests (never registered in
 * production: index.ts). It speaks the same protocol as gateway-vnpay.ts with the configured (test) secret:
 * checks the signed redirect, lets the tester choose success or cancel, sends the signed IPN to our own IPN
 * route (server to server, in-process) and redirects the browser to vnp_ReturnUrl with the signed result.
 */
export const FAKE_GATEWAY_PATH = '/dev/payment-gateway';
const Query = Type.Record(Type.String({ pattern: '^vnp_[A-Za-z]+$' }), Type.String({ maxLength: 1000 }));

export function fakeGateway(settings: { merchantCode: string; secret: string }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(FAKE_GATEWAY_PATH, { schema: { hide: true, querystring: Query } }, async (request, reply) => {
      const params = vnpParamsOf(request.query);
      const ok = verify(params, settings.secret) && params.vnp_TmnCode === settings.merchantCode;
      const amount = resultOf({ ...params, vnp_ResponseCode: '', vnp_TransactionStatus: '' }).amountVnd;
      const hidden = Object.entries(params).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);
      const csrf = csrfTokenOf(request);
      const main = ok
        ? html`<h1>Cổng thanh toán thử nghiệm</h1>
            <div class="notice">
              <p>Đây là cổng thanh toán giả lập để thử nghiệm. Không có tiền thật được chuyển.</p>
            </div>
            <dl class="summary-list">
              <div class="summary-list__row">
                <dt>Đơn hàng</dt>
                <dd>${params.vnp_OrderInfo ?? ''}</dd>
              </div>
              <div class="summary-list__row">
                <dt>Số tiền</dt>
                <dd>${amount === null ? '' : formatVnd(amount)}</dd>
              </div>
            </dl>
            <form method="post" action="${FAKE_GATEWAY_PATH}">
              ${hidden}
              <input type="hidden" name="_csrf" value="${csrf ?? ''}" />
              <button type="submit" name="ket_qua" value="thanh_cong" class="button">Thanh toán thành công</button>
              <button type="submit" name="ket_qua" value="huy" class="button--secondary">Hủy giao dịch</button>
            </form>`
        : html`<h1>Yêu cầu thanh toán không hợp lệ</h1>
            <p>Chữ ký của yêu cầu không đúng.</p>`;
      return sendPage(
        reply,
        renderLayout({ title: 'Cổng thanh toán thử nghiệm', request, noindex: true, main }),
        ok ? 200 : 400,
      );
    });

    app.post(
      FAKE_GATEWAY_PATH,
      {
        schema: {
          hide: true,
          body: Type.Record(
            Type.String({ pattern: '^(vnp_[A-Za-z]+|ket_qua|_csrf)$' }),
            Type.String({ maxLength: 1000 }),
          ),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const order = vnpParamsOf(body);
        if (!verify(order, settings.secret) || !order.vnp_ReturnUrl || !order.vnp_TxnRef) {
          return reply.status(400).type('text/plain; charset=utf-8').send('Yêu cầu thanh toán không hợp lệ.');
        }
        const success = body.ket_qua === 'thanh_cong';
        const result: VnpParams = signed(
          {
            vnp_Amount: order.vnp_Amount ?? '',
            vnp_BankCode: 'NCB',
            vnp_CardType: 'ATM',
            vnp_OrderInfo: order.vnp_OrderInfo ?? '',
            vnp_PayDate: vnpDate(app.clock()),
            // 24: the customer cancelled the transaction (the protocol's response code table).
            vnp_ResponseCode: success ? '00' : '24',
            vnp_TmnCode: settings.merchantCode,
            vnp_TransactionNo: String(randomInt(10_000_000, 99_999_999)),
            vnp_TransactionStatus: success ? '00' : '02',
            vnp_TxnRef: order.vnp_TxnRef,
          },
          settings.secret,
        );
        // Server to server: the gateway calls the merchant's IPN URL before sending the browser back.
        await app.inject({ method: 'GET', url: urlWith('/api/v1/payments/gateway/ipn', result) });
        return reply.redirect(urlWith(order.vnp_ReturnUrl, result), 303);
      },
    );
  };
}
