import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createTestDatabase } from '../test/test-db.js';
import idempotency from './idempotency.js';
import { registerProblemHandlers } from './problem.js';

describe('Idempotency-Key on creates', () => {
  let app: FastifyInstance;
  let database: Database & { dropSchema(): Promise<void> };
  let created = 0;
  let release: (() => void) | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = Fastify();
    await app.register(
      fp(
        async (a) => {
          a.decorate('database', database);
          a.decorateRequest('principal', null);
        },
        { name: 'saola-database' },
      ),
    );
    registerProblemHandlers(app);
    // Stands in for @fastify/multipart: the body reaches the handler, not the idempotency hook.
    app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, { name: 'upload' }));
    });
    await app.register(idempotency);
    app.post('/things', async (request, reply) => {
      const body = request.body as { name: string; slow?: boolean };
      if (body.slow) await new Promise<void>((resolve) => (release = resolve));
      created += 1;
      return reply.code(201).send({ id: created, name: body.name });
    });
    app.post('/secret', { config: { idempotency: 'no-store' } }, async (_request, reply) => {
      created += 1;
      return reply.code(201).send({ temporaryPassword: 'Tam-Thoi#2026' });
    });
    app.post('/boom', async () => {
      throw new Error('database down');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dropSchema();
  });

  const post = (url: string, key: string | undefined, body: unknown) =>
    app.inject({ method: 'POST', url, payload: body as object, headers: key ? { 'idempotency-key': key } : {} });

  it('replays the first response for a repeated key and creates once', async () => {
    const before = created;
    const first = await post('/things', 'k-1', { name: 'Hồ sơ A' });
    const second = await post('/things', 'k-1', { name: 'Hồ sơ A' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(created - before).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    await post('/things', 'k-2', { name: 'A' });
    const res = await post('/things', 'k-2', { name: 'B' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const slow = post('/things', 'k-3', { name: 'A', slow: true });
    await new Promise((r) => setTimeout(r, 50));
    while (!release) await new Promise((r) => setTimeout(r, 10));
    const concurrent = await post('/things', 'k-3', { name: 'A', slow: true });
    expect(concurrent.statusCode).toBe(409);
    expect(concurrent.json()).toMatchObject({ code: 'idempotency_in_progress' });
    release();
    expect((await slow).statusCode).toBe(201);
  });

  it('does not keep failed responses, so the client may retry with the same key', async () => {
    const res = await post('/boom', 'k-4', {});
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error' });
    expect(JSON.stringify(res.json())).not.toContain('database down');
    const rows = await database.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'k-4').execute();
    expect(rows).toEqual([]);
  });

  it('never stores a response holding a secret, yet still creates only once', async () => {
    const before = created;
    const first = await post('/secret', 'k-5', {});
    const second = await post('/secret', 'k-5', {});
    expect(first.json()).toEqual({ temporaryPassword: 'Tam-Thoi#2026' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'idempotent_response_not_stored' });
    expect(created - before).toBe(1);
    const stored = await database.db
      .selectFrom('idempotency_keys')
      .select('response_body')
      .where('key', '=', 'k-5')
      .execute();
    expect(stored[0]?.response_body).not.toContain('Tam-Thoi');
  });

  it('ignores the key on multipart uploads, whose body it cannot fingerprint', async () => {
    const before = created;
    const upload = () =>
      app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'idempotency-key': 'k-6', 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nA\r\n--x--\r\n',
      });
    await upload();
    const second = await upload();
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(created - before).toBe(2);
  });

  it('treats requests without a key normally', async () => {
    const before = created;
    await post('/things', undefined, { name: 'A' });
    await post('/things', undefined, { name: 'A' });
    expect(created - before).toBe(2);
  });
});
