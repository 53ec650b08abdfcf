import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { principalKey } from '../modules/auth/principal.js';
import { conflict, unprocessable } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
  interface FastifyContextConfig {
    /**
     * 'no-store': the response holds a secret (a temporary password) and must not be kept; a repeat
     * with the same key gets 409 instead of the stored body, so the create still happens only once.
     */
    idempotency?: 'no-store';
  }
}

const NOT_STORED_BODY = JSON.stringify({
  type: 'https://saola.vn/problems/idempotent-response-not-stored',
  title: 'Xung đột dữ liệu',
  status: 409,
  code: 'idempotent_response_not_stored',
  detail:
    'Yêu cầu với Idempotency-Key này đã được xử lý. Kết quả chứa thông tin bí mật nên không được lưu để hiển thị lại.',
});

/**
 * `Idempotency-Key` on POST: the first request with a key is processed and its response stored;
 * a repeat with the same key and body gets the stored response (header `Idempotent-Replayed`),
 * a repeat with another body gets 422, and one that arrives while the first is running gets 409.
 * Keys are scoped to the caller (principal, or IP when anonymous) and kept 24 hours.
 */
async function idempotencyPlugin(app: FastifyInstance) {
  const { db } = app.database;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    // Multipart bodies are streamed to the handler, so there is no body to fingerprint here: a key
    // would replay the first upload's answer for a different file. Uploads are ignored (a repeated
    // upload only stores a second copy); the create that references the upload carries the key.
    if (String(request.headers['content-type'] ?? '').startsWith('multipart/')) return;
    const raw = request.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key) return;
    if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw unprocessable('Idempotency-Key không hợp lệ (tối đa 200 ký tự ASCII in được).', [
        { field: 'Idempotency-Key', message: 'Khóa không hợp lệ.' },
      ]);
    }
    const scope = principalKey(request.principal) ?? `ip:${request.ip}`;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const requestHash = createHash('sha256')
      .update(route)
      .update('\n')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');

    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, route, request_hash: requestHash })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotency = { scope, key };
      return;
    }
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash) {
      throw unprocessable(
        'Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho yêu cầu mới.',
        [{ field: 'Idempotency-Key', message: 'Khóa đã được dùng cho nội dung khác.' }],
        'idempotency_key_reused',
      );
    }
    if (existing.status_code === null) {
      throw conflict(
        'Yêu cầu với Idempotency-Key này đang được xử lý. Vui lòng thử lại sau giây lát.',
        'idempotency_in_progress',
      );
    }
    return reply
      .code(existing.status_code)
      .header('idempotent-replayed', 'true')
      .type(existing.content_type ?? 'application/json; charset=utf-8')
      .send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem) return payload;
    request.idempotency = null;
    const query = db.deleteFrom('idempotency_keys').where('scope', '=', idem.scope).where('key', '=', idem.key);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      // Failed (or streamed) responses are not stored: the client may retry with the same key.
      await query.execute();
      return payload;
    }
    const secret = request.routeOptions.config.idempotency === 'no-store';
    await db
      .updateTable('idempotency_keys')
      .set({
        status_code: secret ? 409 : reply.statusCode,
        response_body: secret ? NOT_STORED_BODY : payload,
        content_type: secret
          ? 'application/problem+json; charset=utf-8'
          : String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
        completed_at: new Date(),
      })
      .where('scope', '=', idem.scope)
      .where('key', '=', idem.key)
      .execute();
    return payload;
  });
}

export default fp(idempotencyPlugin, { name: 'saola-idempotency', dependencies: ['saola-database'] });
