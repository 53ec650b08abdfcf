import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { unauthorized } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import type { CitizensService } from './citizens.service.js';
import type { IdCardService } from './id-card.service.js';
import {
  Citizen,
  ConsentChangeBody,
  ConsentOverview,
  CorrectionBody,
  CorrectionRequest,
  ExportDocument,
  Me,
  OtpRequestBody,
  OtpRequestReply,
  OtpVerifyBody,
  OtpVerifyReply,
  UpdateMeBody,
} from './citizens.schemas.js';
import type { OtpService } from './otp.service.js';

const TAG = 'Công dân';

/** The signed-in citizen's id, or 401. Staff and API tokens are not citizens. */
export function requireCitizen(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind !== 'citizen') throw unauthorized('Bạn cần đăng nhập bằng tài khoản công dân để tiếp tục.');
  return p.citizenId;
}

export function sessionMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 500) ?? null };
}

export function citizensRoutes(deps: {
  otp: OtpService;
  citizens: CitizensService;
  idCards: IdCardService;
}): FastifyPluginAsyncTypebox {
  const { otp, citizens, idCards } = deps;
  return async (app) => {
    app.post(
      '/citizen/otp/request',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Gửi mã xác nhận đăng nhập qua SMS hoặc thư điện tử (tạo tài khoản ở lần đầu)',
          body: OtpRequestBody,
          response: { 202: OtpRequestReply },
        },
      },
      async (request, reply) => {
        const result = await otp.request(actorOf(request), request.body.identifier);
        return reply.code(202).send(result);
      },
    );

    app.post(
      '/citizen/otp/verify',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Xác nhận mã và đăng nhập',
          description: "Lần đầu (hoặc khi chưa đồng ý) phải gửi consent {purpose:'account', accepted:true}.",
          body: OtpVerifyBody,
          response: { 200: OtpVerifyReply },
        },
      },
      async (request, reply) => {
        const row = await otp.verify(actorOf(request), request.body);
        await app.auth.startCitizenSession(reply, row.id, sessionMeta(request));
        return { status: 'ok' as const, citizen: await citizens.getProfile(row.id) };
      },
    );

    app.get(
      '/citizen/me',
      { schema: { tags: [TAG], summary: 'Thông tin tài khoản của tôi', response: { 200: Me } } },
      async (request) => {
        const id = requireCitizen(request);
        return { ...(await citizens.getProfile(id)), identities: await citizens.listIdentities(id) };
      },
    );

    app.patch(
      '/citizen/me',
      {
        schema: {
          tags: [TAG],
          summary: 'Sửa thông tin tự khai (họ tên nếu không lấy từ nhà cung cấp định danh, ngày sinh, địa chỉ)',
          body: UpdateMeBody,
          response: { 200: Citizen },
        },
      },
      async (request) => citizens.updateProfile(actorOf(request), requireCitizen(request), request.body),
    );

    app.get(
      '/citizen/me/export',
      {
        schema: {
          tags: [TAG],
          summary: 'Tải về toàn bộ dữ liệu cá nhân của tôi (JSON)',
          response: { 200: ExportDocument },
        },
      },
      async (request, reply) => {
        const id = requireCitizen(request);
        const [doc, idDocuments] = await Promise.all([
          citizens.exportData(actorOf(request), id),
          idCards.exportList(id),
        ]);
        const day = doc.exportedAt.slice(0, 10).replaceAll('-', '');
        void reply
          .header('content-disposition', `attachment; filename="du-lieu-ca-nhan-${day}.json"`)
          .header('cache-control', 'no-store');
        return { ...doc, idDocuments };
      },
    );

    app.get(
      '/citizen/me/consents',
      {
        schema: {
          tags: [TAG],
          summary: 'Các mục đích xử lý dữ liệu và sự đồng ý của tôi (kèm lịch sử)',
          response: { 200: ConsentOverview },
        },
      },
      async (request) => citizens.consentOverview(requireCitizen(request)),
    );

    app.post(
      '/citizen/me/consents',
      {
        schema: {
          tags: [TAG],
          summary: 'Đồng ý hoặc rút lại sự đồng ý cho một mục đích',
          body: ConsentChangeBody,
          response: { 200: ConsentOverview },
        },
      },
      async (request) =>
        citizens.answerConsent(actorOf(request), requireCitizen(request), request.body.purpose, request.body.granted),
    );

    app.get(
      '/citizen/me/correction-requests',
      {
        schema: {
          tags: [TAG],
          summary: 'Các yêu cầu chỉnh sửa dữ liệu tôi đã gửi',
          response: { 200: Type.Object({ items: Type.Array(CorrectionRequest) }) },
        },
      },
      async (request) => ({ items: await app.privacy.listCorrectionRequestsOf(requireCitizen(request)) }),
    );

    app.post(
      '/citizen/me/correction-requests',
      {
        schema: {
          tags: [TAG],
          summary: 'Yêu cầu chỉnh sửa dữ liệu cá nhân',
          body: CorrectionBody,
          response: { 201: CorrectionRequest },
        },
      },
      async (request, reply) => {
        const created = await citizens.requestCorrection(actorOf(request), requireCitizen(request), request.body);
        return reply.code(201).send(created);
      },
    );
  };
}
