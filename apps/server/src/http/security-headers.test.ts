import Fastify from 'fastify';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import securityHeaders, { helmetHeaders } from './security-headers.js';

const OPTIONS = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"] } },
  referrerPolicy: { policy: 'same-origin' as const },
  strictTransportSecurity: false,
};

async function app() {
  const a = Fastify();
  await a.register(securityHeaders, OPTIONS);
  a.get('/thu-tuc', async (_req, reply) => reply.type('text/html').send('<p>ok</p>'));
  a.get('/api/v1/public/ping', async () => ({ ok: true }));
  a.get('/app/', async (_req, reply) => reply.header('content-security-policy', "default-src 'self'").send('spa'));
  await a.ready();
  return a;
}

describe('security headers', () => {
  it('computes exactly what helmet sets for the same options', () => {
    const set: Record<string, string> = {};
    const res = {
      setHeader: (n: string, v: string) => (set[n.toLowerCase()] = v),
      removeHeader: (n: string) => delete set[n.toLowerCase()],
    };
    helmet(OPTIONS)({} as never, res as never, () => undefined);
    expect(helmetHeaders(OPTIONS)).toEqual(set);
    expect(Object.keys(set).length).toBeGreaterThan(8);
  });

  it('gives pages the full set and API responses the OWASP API set', async () => {
    const a = await app();
    const page = await a.inject('/thu-tuc');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const api = await a.inject('/api/v1/public/ping');
    for (const name of ['x-content-type-options', 'referrer-policy'])
      expect(api.headers[name], name).toBe(page.headers[name]);
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(api.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(api.headers['x-xss-protection']).toBeUndefined();
    await a.close();
  });

  it('lets a route replace a header (the back office’s own CSP)', async () => {
    const a = await app();
    expect((await a.inject('/app/')).headers['content-security-policy']).toBe("default-src 'self'");
    await a.close();
  });
});
