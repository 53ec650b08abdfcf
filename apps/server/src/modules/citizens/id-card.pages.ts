import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { readIdCardForm, registerIdCardMultipart } from './id-card.routes.js';
import type { IdCardService } from './id-card.service.js';

const FORM_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Loose = Type.Optional(Type.String({ maxLength: 5000 }));

/** The page error codes (id-card.views.ts ID_CARD_ERRORS) for a refused upload or deletion. */
function errorCodes(error: AppError): string[] {
  switch (error.code) {
    case 'file_too_large':
    case 'too_many_parts':
      return ['qua-lon'];
    case 'unsupported_type':
    case 'unsupported_media_type':
      return ['dinh-dang'];
    case 'extension_mismatch':
      return ['duoi-tep'];
    case 'declared_type_mismatch':
      return ['kieu-tep'];
    case 'too_many_files':
      return ['mot-tep'];
    case 'too_many_documents':
      return ['qua-nhieu'];
    case 'not_found':
      return ['khong-thay'];
    default: {
      const codes = error.fields.map((f) => (f.field === '/side' ? 'chon-mat' : 'chon-tep'));
      return codes.length ? [...new Set(codes)] : ['dinh-dang'];
    }
  }
}

/**
 * The no-JavaScript forms of the "Ảnh giấy tờ tùy thân" section of /tai-khoan: post, then redirect back
 * with ?da= (done) or ?loi-anh= (what went wrong), so a reload never re-sends a file.
 */
export function idCardPages(service: IdCardService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await registerIdCardMultipart(app);
    const citizenOf = (request: FastifyRequest): string | null =>
      request.principal?.kind === 'citizen' ? request.principal.citizenId : null;
    const back = (outcome: string) => `/tai-khoan?${outcome}#anh-giay-to`;

    app.post(
      '/tai-khoan/anh-giay-to',
      {
        // multipart/form-data: the CSRF token is in the action URL (?_csrf=), checked before the body is read.
        schema: { hide: true, querystring: Type.Object({ _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return reply.redirect('/dang-nhap', 303);
        try {
          await service.upload(actorOf(request), id, await readIdCardForm(request));
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          return reply.redirect(back(`loi-anh=${errorCodes(error).join(',')}`), 303);
        }
        return reply.redirect(back('da=tai-anh'), 303);
      },
    );

    app.post(
      '/tai-khoan/anh-giay-to/:id/xoa',
      {
        schema: {
          hide: true,
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          body: Type.Optional(Type.Object({ _csrf: Loose })),
        },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return reply.redirect('/dang-nhap', 303);
        const docId = request.params.id;
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(docId))
          return reply.redirect(back('loi-anh=khong-thay'), 303);
        try {
          await service.remove(actorOf(request), id, docId);
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          return reply.redirect(back(`loi-anh=${errorCodes(error).join(',')}`), 303);
        }
        return reply.redirect(back('da=xoa-anh'), 303);
      },
    );
  };
}
