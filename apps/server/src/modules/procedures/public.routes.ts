import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Page } from '../../http/pagination.js';
import {
  CodeParams,
  PUBLIC_TAG,
  PublicListQuery,
  PublicProcedureDetail,
  PublicProcedureItem,
} from './procedures.schemas.js';
import type { PublicProceduresService } from './public.service.js';

const PUBLIC_RATE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };

/** The public, stable catalogue API (issue 3 §6): published procedures only, no sign-in. */
export function publicProceduresRoutes(service: PublicProceduresService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/public/procedures',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: [PUBLIC_TAG],
          summary: 'Tra cứu thủ tục hành chính đã công bố',
          description:
            'Công khai, ổn định. q không phân biệt hoa thường và dấu tiếng Việt ("dang ky khai sinh" tìm được "Đăng ký khai sinh"), ' +
            'hoặc là đầu mã thủ tục. feeVnd: lệ phí/phí chính cố định; 0 nếu miễn; null nếu tùy trường hợp hoặc do HĐND tỉnh quy định.',
          querystring: PublicListQuery,
          response: { 200: Page(PublicProcedureItem) },
        },
      },
      async (request) => service.list(request.query),
    );

    app.get(
      '/public/procedures/:code',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: [PUBLIC_TAG],
          summary:
            'Chi tiết thủ tục hành chính đã công bố: thành phần hồ sơ, biểu mẫu, cơ quan thực hiện, căn cứ pháp lý',
          params: CodeParams,
          response: { 200: PublicProcedureDetail },
        },
      },
      async (request) => service.get(request.params.code),
    );
  };
}
