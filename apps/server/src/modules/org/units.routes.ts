import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../http/pagination.js';
import { Unit, UnitCode, UnitDetail, UnitQuery, UnitResolution } from './org.schemas.js';
import type { UnitsService } from './units.service.js';

const TAG = 'Đơn vị hành chính';
/** The unit lists are public data (the portal resolves addresses with them): anonymous, rate-limited. */
const RATE = { rateLimit: { max: 300, timeWindow: '1 minute' } };

export function unitsRoutes(service: UnitsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/units',
      {
        config: RATE,
        schema: {
          tags: [TAG],
          summary: 'Danh sách đơn vị hành chính có hiệu lực tại một ngày (mặc định hôm nay)',
          querystring: Type.Object({ ...UnitQuery.properties, ...PageQuery }),
          response: { 200: Page(Unit) },
        },
      },
      async (request) => service.list(request.query),
    );

    // Registered before /units/:code so that "resolve" is not read as a code.
    app.get(
      '/units/resolve',
      {
        config: RATE,
        schema: {
          tags: [TAG],
          summary: 'Tra mã đơn vị cũ (trước 01/7/2025) ra đơn vị đang hiệu lực',
          querystring: Type.Object({ code: UnitCode }),
          response: { 200: UnitResolution },
        },
      },
      async (request) => service.resolve(request.query.code),
    );

    app.get(
      '/units/:code',
      {
        config: RATE,
        schema: {
          tags: [TAG],
          summary: 'Một đơn vị hành chính và lịch sử của mã',
          params: Type.Object({ code: UnitCode }),
          response: { 200: UnitDetail },
        },
      },
      async (request) => service.get(request.params.code),
    );
  };
}
