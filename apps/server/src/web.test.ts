import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProblemHandlers } from './http/problem.js';
import securityHeaders from './http/security-headers.js';
import web from './web.js';

let dir: string;
let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'saola-web-'));
  dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>SPA</title><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'secret-outside.txt'), 'no');
  app = Fastify();
  // Same strict global policy as the real app: the SPA must loosen only style-src, only under /app.
  await app.register(securityHeaders, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"] } },
  });
  registerProblemHandlers(app);
  await app.register(web, { distDir: dist });
  app.get('/api/v1/ping', async () => ({ ok: true }));
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('back office static serving', () => {
  it('redirects /app to /app/ keeping the query string', async () => {
    const res = await app.inject('/app?x=1');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/app/?x=1');
  });

  it('serves index.html at /app/ and for client routes, without caching', async () => {
    for (const url of ['/app/', '/app/nguoi-dung', '/app/tai-khoan/phien?x=1']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<title>SPA</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('gives /app responses a CSP allowing inline styles but not inline scripts', async () => {
    const res = await app.inject('/app/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp.match(/style-src/g)).toHaveLength(1);
  });

  it('keeps the strict global CSP outside /app', async () => {
    const res = await app.inject('/api/v1/ping');
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });

  it('serves hashed assets with a long cache and other files as they are', async () => {
    const js = await app.inject('/app/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toBe('console.log(1)');
    expect(js.headers['cache-control']).toContain('immutable');
    const icon = await app.inject('/app/favicon.svg');
    expect(icon.statusCode).toBe(200);
  });

  it('answers 404 (not index.html) for a missing asset and refuses to leave the folder', async () => {
    const missing = await app.inject('/app/assets/old-123.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    const escape = await app.inject('/app/..%2Fsecret-outside.txt');
    expect(escape.statusCode).toBe(404);
    expect(escape.body).not.toBe('no');
  });
});

describe('back office not built', () => {
  it('explains what to do instead of failing silently', async () => {
    const bare = Fastify();
    await bare.register(web, { distDir: path.join(tmpdir(), 'saola-web-does-not-exist') });
    const res = await bare.inject('/app/');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});
