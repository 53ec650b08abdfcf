import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../../http/request-context.js';
import { vnpParamsOf } from './gateway-vnpay.js';
import type { PaymentsService } from './payments.service.js';
import type { ReceiptMaker } from './payments.receipt-maker.js';

const TAG = 'Phí, lệ phí và thanh toán';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) });
const Vnd = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Số tiền (đồng)' });

export const Payment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  receiptNo: Nullable(Type.String({ description: 'Số biên lai (khi đã thanh toán)' })),
  method: Type.Union([Type.Literal('gateway'), Type.Literal('bank_transfer')], {
    description: 'gateway: cổng thanh toán; bank_transfer: chuyển khoản VietQR do cán bộ xác nhận',
  }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('failed')]),
  amountVnd: Type.Integer(),
  reference: Nullable(Type.String({ description: 'Mã giao dịch của cổng thanh toán hoặc ngân hàng' })),
  paidAt: Nullable(Instant),
  createdAt: Instant,
});

export const FeeStatusSchema = Type.Object({
  dossierCode: Type.String(),
  amountVnd: Nullable(
    Type.Integer({ description: 'Số tiền phải nộp; null khi phí theo trường hợp chưa được xác định' }),
  ),
  paidVnd: Type.Integer(),
  status: Type.Union([Type.Literal('none'), Type.Literal('unpaid'), Type.Literal('paid')], {
    description: 'none: không phải nộp (miễn phí hoặc chưa xác định số tiền); unpaid: còn phải nộp; paid: đã nộp đủ',
  }),
  basis: Type.Union([Type.Literal('fixed'), Type.Literal('free'), Type.Literal('officer'), Type.Literal('to_set')]),
  feeName: Nullable(Type.String()),
  feeVersion: Type.Integer({ description: 'Phiên bản số tiền do cán bộ nhập (0: chưa nhập), dùng cho khóa lạc quan' }),
  payments: Type.Array(Payment),
});

function sendPdf(reply: FastifyReply, bytes: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(bytes);
}

const VnpField = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));
/** The documented IPN parameters; any other vnp_* parameter the gateway adds is kept and checked by the signature. */
const IpnQuery = Type.Object({
  vnp_TmnCode: VnpField('Mã website của đơn vị (merchant)'),
  vnp_Amount: VnpField('Số tiền × 100'),
  vnp_BankCode: VnpField('Mã ngân hàng thanh toán'),
  vnp_BankTranNo: VnpField('Mã giao dịch tại ngân hàng'),
  vnp_CardType: VnpField('Loại tài khoản/thẻ'),
  vnp_PayDate: VnpField('Thời điểm thanh toán yyyyMMddHHmmss (GMT+7)'),
  vnp_OrderInfo: VnpField('Nội dung thanh toán'),
  vnp_TransactionNo: VnpField('Mã giao dịch tại cổng thanh toán'),
  vnp_ResponseCode: VnpField('Mã phản hồi (00: thành công)'),
  vnp_TransactionStatus: VnpField('Trạng thái giao dịch (00: thành công)'),
  vnp_TxnRef: VnpField('Mã tham chiếu giao dịch của Saola'),
  vnp_SecureHashType: VnpField('Loại chữ ký'),
  vnp_SecureHash: VnpField('Chữ ký HMAC-SHA512'),
});

const IpnAnswer = Type.Object({ RspCode: Type.String(), Message: Type.String() });

export function paymentsRoutes(service: PaymentsService, receipts: ReceiptMaker): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dossiers/:code/payments',
      {
        schema: {
          tags: [TAG],
          summary: 'Phí, lệ phí của hồ sơ: số tiền phải nộp, đã nộp và các lần thanh toán',
          params: CodeParams,
          response: { 200: FeeStatusSchema },
        },
      },
      async (request) => service.officerView(request.principal, request.params.code),
    );

    app.put(
      '/dossiers/:code/fee',
      {
        schema: {
          tags: [TAG],
          summary: 'Cán bộ Một cửa xác định số tiền phí, lệ phí của hồ sơ (thủ tục thu theo từng trường hợp)',
          params: CodeParams,
          body: Type.Object({
            amountVnd: Vnd,
            version: Type.Integer({ minimum: 0, description: 'feeVersion đang xem (0 nếu chưa nhập)' }),
            note: Type.Optional(Type.String({ maxLength: 500, description: 'Căn cứ xác định mức thu' })),
          }),
          response: { 200: FeeStatusSchema },
        },
      },
      async (request) =>
        service.setFee(request.principal, actorOf(request), request.params.code, {
          amountVnd: request.body.amountVnd,
          version: request.body.version,
          note: request.body.note,
        }),
    );

    app.post(
      '/dossiers/:code/payments/confirm',
      {
        schema: {
          tags: [TAG],
          summary: 'Cán bộ Một cửa xác nhận khoản chuyển khoản (VietQR) đã vào tài khoản của cơ quan',
          params: CodeParams,
          body: Type.Object({
            reference: Type.String({ minLength: 1, maxLength: 100, description: 'Mã giao dịch trên sao kê ngân hàng' }),
            amountVnd: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
            paidAt: Type.Optional(Instant),
          }),
          response: { 201: Payment },
        },
      },
      async (request, reply) => {
        const payment = await service.confirmTransfer(request.principal, actorOf(request), request.params.code, {
          reference: request.body.reference,
          amountVnd: request.body.amountVnd,
          paidAt: request.body.paidAt,
        });
        return reply.status(201).send(payment);
      },
    );

    app.get(
      '/dossiers/:code/payments/:paymentId/receipt',
      {
        schema: {
          tags: [TAG],
          summary: 'Biên lai thu phí, lệ phí của một lần thanh toán (PDF)',
          params: Type.Object({
            code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }),
            paymentId: Type.String({ format: 'uuid' }),
          }),
          response: {
            200: {
              description: 'Tệp PDF khổ A4',
              content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
          },
        },
      },
      async (request, reply) => {
        const { dossier, payment } = await service.officerReceipt(
          request.principal,
          request.params.code,
          request.params.paymentId,
        );
        return sendPdf(reply, await receipts.render(dossier, payment), `bien-lai-${dossier.code}.pdf`);
      },
    );

    // The gateway's server-to-server notification (IPN). Public: trust comes from the HMAC signature only.
    app.get(
      '/payments/gateway/ipn',
      {
        schema: {
          tags: [TAG],
          summary: 'Thông báo kết quả thanh toán từ cổng thanh toán (IPN, có chữ ký HMAC-SHA512)',
          querystring: IpnQuery,
          response: { 200: IpnAnswer },
        },
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      },
      async (request) => service.ipn(vnpParamsOf(request.query)),
    );
  };
}
