import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './http/problem.js';

/**
 * Serves the built back office (apps/web/dist) under /app: real files (hashed assets, favicon)
 * as they are, every other path under /app/ gets index.html so that the SPA's client routes
 * survive a reload. Missing assets are 404, not index.html (a stale tab must not execute HTML).
 */
export interface WebOptions {
  /** Folder holding the Vite build; defaults to apps/web/dist next to this server. */
  distDir?: string;
}

export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Content-Security-Policy of the back office. Same as the global one (set by helmet) except
 * `style-src 'unsafe-inline'`: Ant Design writes its CSS-in-JS into <style> tags at run time.
 * Scripts stay `'self'` only: no inline script, no eval.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export default fp(
  async (app: FastifyInstance, options: WebOptions) => {
    const root = path.resolve(options.distDir ?? DEFAULT_WEB_DIST);

    app.get('/app', { schema: { hide: true } }, (request, reply) => {
      const query = request.url.slice('/app'.length);
      return reply.redirect(`/app/${query}`, 301);
    });

    // Encapsulated so that reply.sendFile does not clash with other plugins using @fastify/static.
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, { root, serve: false });

      const sendIndex = async (reply: FastifyReply) => {
        if (!(await isFile(path.join(root, 'index.html')))) {
          return reply
            .status(503)
            .type('text/plain; charset=utf-8')
            .send('Phần mềm nghiệp vụ chưa được build. Hãy chạy "npm run build" rồi khởi động lại máy chủ.');
        }
        void reply.header('cache-control', 'no-cache');
        return reply.sendFile('index.html', { cacheControl: false });
      };

      scope.addHook('onRequest', async (_request, reply) => {
        void reply.header('content-security-policy', APP_CSP);
      });

      scope.get('/app/*', { schema: { hide: true } }, async (request, reply) => {
        const wildcard = (request.params as { '*'?: string })['*'] ?? '';
        let rel: string;
        try {
          rel = decodeURIComponent(wildcard.split('?')[0] ?? '');
        } catch {
          rel = '';
        }
        const file = path.resolve(root, rel);
        const inside = file.startsWith(root + path.sep);
        if (inside && rel !== 'index.html' && (await isFile(file))) {
          // Vite names assets by content hash: they never change under the same name.
          const hashed = rel.startsWith('assets/');
          return reply.sendFile(path.relative(root, file), { maxAge: hashed ? '365d' : '1h', immutable: hashed });
        }
        if (rel.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(rel)) {
          return sendProblem(reply, request, {
            status: 404,
            code: 'route_not_found',
            detail: `Không có tệp /app/${rel}.`,
          });
        }
        return sendIndex(reply);
      });
    });
  },
  { name: 'saola-web' },
);
