import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { csrfTokenOf } from '../auth/principal-hook.js';
import type { BoardSignal } from './queue.events.js';
import { renderBoard, renderKiosk, renderQueueNotFound, renderTicket } from './queue.page-views.js';
import { Board, TAG } from './queue.schemas.js';
import type { QueueService } from './queue.service.js';

/** Public pages are read by kiosks and TVs: generous, but they stop loops. */
const PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
/**
 * Taking a number. A kiosk serves a whole office from one address, so the limit is per address and
 * generous for one office (30 numbers a minute), yet stops a script from emptying the day's 999 numbers.
 */
const TAKE_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const EVENTS_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const KEEPALIVE_MS = 20_000;

const CodeParams = Type.Object({ agencyCode: Type.String({ maxLength: 40 }) });

function send(reply: FastifyReply, document: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(document);
}

/**
 * Kiosk (/xep-hang/<agencyCode>), printable ticket, display board (/xep-hang/<agencyCode>/bang), the
 * board as JSON and its server-sent events. All public: they show numbers and fields, no personal data.
 */
export function queuePages(service: QueueService, signal: BoardSignal): FastifyPluginAsyncTypebox {
  return async (app) => {
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...streams]) end();
    });

    app.get(
      '/xep-hang/:agencyCode',
      { schema: { hide: true, params: CodeParams }, config: PAGE_LIMIT },
      async (request, reply) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        if (!agency) return send(reply, renderQueueNotFound(), 404);
        const fields = await service.kioskFields(agency.id);
        return send(reply, renderKiosk({ agency, fields, csrf: csrfTokenOf(request) }));
      },
    );

    app.post(
      '/xep-hang/:agencyCode',
      {
        schema: { hide: true, params: CodeParams, body: Type.Object({ field: Type.Optional(Type.String()) }) },
        config: TAKE_LIMIT,
      },
      async (request, reply) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        if (!agency) return send(reply, renderQueueNotFound(), 404);
        const prefix = request.body.field ?? '';
        try {
          const ticket = await service.takeTicket(actorOf(request), agency.id, prefix);
          return reply.redirect(`/xep-hang/${encodeURIComponent(agency.code)}/phieu/${ticket.id}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          const fields = await service.kioskFields(agency.id);
          return send(
            reply,
            renderKiosk({ agency, fields, csrf: csrfTokenOf(request), error: err.detail }),
            err.status === 404 ? 400 : err.status,
          );
        }
      },
    );

    app.get(
      '/xep-hang/:agencyCode/phieu/:ticketId',
      {
        schema: {
          hide: true,
          params: Type.Object({ ...CodeParams.properties, ticketId: Type.String({ maxLength: 40 }) }),
        },
        config: PAGE_LIMIT,
      },
      async (request, reply) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        const found = agency ? await service.ticketForPage(agency.id, request.params.ticketId) : null;
        if (!agency || !found) return send(reply, renderQueueNotFound(), 404);
        return send(reply, renderTicket({ agency, ...found }));
      },
    );

    app.get(
      '/xep-hang/:agencyCode/bang',
      { schema: { hide: true, params: CodeParams }, config: PAGE_LIMIT },
      async (request, reply) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        if (!agency) return send(reply, renderQueueNotFound(), 404);
        return send(reply, renderBoard(await service.board(agency)));
      },
    );

    app.get(
      '/api/v1/public/queue/:agencyCode/board',
      {
        schema: {
          tags: [TAG],
          summary: 'Bảng hiển thị số thứ tự (công khai): số đang mời ở từng quầy, số vừa gọi, số người chờ',
          params: CodeParams,
          response: { 200: Board },
        },
        config: PAGE_LIMIT,
      },
      async (request) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        if (!agency) throw new AppError(404, 'not_found', 'Không tìm thấy cơ quan.');
        return service.board(agency);
      },
    );

    app.get(
      '/api/v1/public/queue/:agencyCode/events',
      {
        schema: {
          tags: [TAG],
          summary: 'Luồng sự kiện (text/event-stream) của bảng hiển thị',
          description:
            'Server-sent events: sự kiện `board` mang toàn bộ bảng (như GET …/board) lúc mở và sau mỗi thay đổi; ' +
            'dòng chú thích giữ kết nối mỗi 20 giây. Dùng LISTEN/NOTIFY trên PostgreSQL, dò phiên bản trên PGlite.',
          params: CodeParams,
          produces: ['text/event-stream'],
        },
        config: EVENTS_LIMIT,
      },
      async (request, reply) => {
        const agency = await service.agencyByCode(request.params.agencyCode);
        if (!agency) throw new AppError(404, 'not_found', 'Không tìm thấy cơ quan.');
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': request.id,
        });
        let lastVersion = -1;
        let sending = false;
        let again = false;
        let closed = false;
        const push = async () => {
          if (closed) return;
          if (sending) {
            again = true;
            return;
          }
          sending = true;
          try {
            do {
              again = false;
              const board = await service.board(agency);
              if (closed) return;
              if (board.version !== lastVersion) {
                lastVersion = board.version;
                res.write(`event: board\nid: ${board.version}\ndata: ${JSON.stringify(board)}\n\n`);
              }
            } while (again && !closed);
          } catch (err) {
            request.log.warn({ err }, 'queue board event failed');
          } finally {
            sending = false;
          }
        };
        const unsubscribe = signal.subscribe(agency.id, () => void push());
        const keepalive = setInterval(() => res.write(': ping\n\n'), KEEPALIVE_MS);
        const end = () => {
          if (closed) return;
          closed = true;
          clearInterval(keepalive);
          unsubscribe();
          streams.delete(end);
          res.end();
        };
        streams.add(end);
        request.raw.on('close', end);
        res.write('retry: 3000\n\n');
        await push();
      },
    );
  };
}
