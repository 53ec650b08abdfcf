import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet would set for `options`, computed once. (@fastify/helmet built a new helmet
 * middleware — options parsed, CSP string joined — on every request; on the public lookup that was a
 * measurable share of the CPU, issue 4 §4, docs/performance.md.)
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return res;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet: cấu hình tiêu đề bảo mật không hợp lệ');
  });
  return headers;
}

/**
 * What a JSON API response keeps (OWASP REST Security Cheat Sheet, "Security headers"): the policy and framing
 * headers, no-sniffing, referrer and resource policy, HSTS when enabled. The rest only mean something to an HTML
 * document (Cross-Origin-Opener-Policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-XSS-Protection) or to
 * retired clients (X-Download-Options for IE 8, X-Permitted-Cross-Domain-Policies for Flash).
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const API_KEEPS = new Set([
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
  'strict-transport-security',
]);

export function apiHeaders(document: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(document).filter(([name]) => API_KEEPS.has(name))),
    // A JSON answer loads nothing and is never framed (OWASP: "default-src 'none'; frame-ancestors 'none'").
    'content-security-policy': API_CSP,
    'x-frame-options': 'DENY',
  };
}

/**
 * Sets the headers on every response before its handler runs, so that a route may still replace one (the back
 * office's CSP, web.ts). Responses under /api/v1/ get the API set, everything else (portal, back office, API
 * documentation) the full document set.
 */
export default fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const document = helmetHeaders(options);
    const api = apiHeaders(document);
    // A callback hook, not an async one: it runs on every request and has nothing to wait for.
    app.addHook('onRequest', (request, reply, done) => {
      void reply.headers(request.url.startsWith('/api/v1/') ? api : document);
      done();
    });
  },
  { name: 'saola-security-headers' },
);
