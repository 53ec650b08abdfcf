import type { FastifyRequest } from 'fastify';
import { forbidden } from '../../http/errors.js';

/**
 * Login CSRF defence for sign-in forms (no session yet, so no CSRF token): browsers send `Origin`
 * (and `Sec-Fetch-Site`) on cross-site POSTs, so a sign-in posted from another site is refused.
 * Together with SameSite=Lax cookies. Requests without these headers (scripts, curl) pass.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') throw crossSite();
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return;
  // Browsers send `Origin: null` when the page's referrer policy hides it (no-referrer); then the
  // browser's own Sec-Fetch-Site says whether the form was posted from this site.
  if (origin === 'null') {
    if (fetchSite === 'same-origin') return;
    throw crossSite();
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw crossSite();
  }
  const config = request.server.config;
  if (url.origin === new URL(config.publicUrl).origin) return;
  if (url.host === request.headers.host) return;
  // Development: the Vite dev server on another port proxies to the API.
  if (config.env !== 'production' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return;
  throw crossSite();
}

function crossSite() {
  return forbidden('Yêu cầu đăng nhập đến từ trang khác bị từ chối.', 'cross_site_request');
}
