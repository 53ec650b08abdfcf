import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildValidator } from './validators.js';

const Body = Type.Object({
  amountVnd: Type.Union([Type.Integer(), Type.Null()]),
  count: Type.Optional(Type.Integer()),
  tags: Type.Optional(Type.Array(Type.String())),
});
const Query = Type.Object({ page: Type.Optional(Type.Integer()), ids: Type.Optional(Type.Array(Type.String())) });

describe('validators: typed JSON bodies on the API, coerced text elsewhere', () => {
  const app = Fastify({ schemaController: { compilersFactory: { buildValidator: buildValidator() } } });
  beforeAll(async () => {
    await app.register(formbody);
    const echo = { schema: { body: Body, querystring: Query } };
    app.post('/api/v1/echo', echo, async (request) => ({ body: request.body, query: request.query }));
    app.post('/trang/echo', echo, async (request) => ({ body: request.body, query: request.query }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('keeps a null in a nullable number of a JSON body (coercion would make it 0)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { amountVnd: null } });
    expect(res.statusCode).toBe(200);
    expect(res.json().body).toEqual({ amountVnd: null });
  });

  it('refuses a number written as text in a JSON body, and a single value where a list is expected', async () => {
    const text = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { amountVnd: 5, count: '5' } });
    expect(text.statusCode).toBe(400);
    const single = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { amountVnd: 5, tags: 'a' } });
    expect(single.statusCode).toBe(400);
  });

  it('still coerces the query string of an API route', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/echo?page=2&ids=x', payload: { amountVnd: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().query).toEqual({ page: 2, ids: ['x'] });
  });

  it('coerces an HTML form body posted to a portal page (every value is text)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trang/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'amountVnd=7&count=3&tags=mot',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().body).toEqual({ amountVnd: 7, count: 3, tags: ['mot'] });
  });
});
