import type { FastifyRequest } from 'fastify';

/** Text sizes offered by the A− A A+ control (as on the agencies' portals). */
export const FONT_SIZES = ['nho', 'vua', 'lon'] as const;
export type FontSize = (typeof FONT_SIZES)[number];
export const FONT_SIZE_COOKIE = 'saola_co_chu';

export function isFontSize(value: unknown): value is FontSize {
  return typeof value === 'string' && (FONT_SIZES as readonly string[]).includes(value);
}

export function fontSizeOf(request: FastifyRequest): FontSize {
  const v = request.cookies[FONT_SIZE_COOKIE];
  return isFontSize(v) ? v : 'vua';
}

/**
 * A local path to go back to after setting a preference: must start with a single "/", stay on
 * this origin and contain no control characters. Anything else (absolute URLs, "//host",
 * "/\\host", "javascript:") becomes "/" — no open redirect.
 */
export function safeLocalPath(back: unknown): string {
  if (typeof back !== 'string' || back.length === 0 || back.length > 2000) return '/';
  if (!back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(back)) return '/';
  try {
    const base = 'http://saola.invalid';
    const url = new URL(back, base);
    if (url.origin !== base) return '/';
    return url.pathname + url.search;
  } catch {
    return '/';
  }
}
