import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { loadHolidayYear } from './holiday-view.js';
import { FONT_SIZE_COOKIE, isFontSize, safeLocalPath } from './font-size.js';
import { sendPage } from './layout.js';
import { renderHolidays } from './pages/holidays.js';
import { renderHome } from './pages/home.js';
import { renderNotFound } from './pages/not-found.js';
import { type LookupOutcome, renderCommunes, renderLookup, renderProvinces } from './pages/units.js';

/** Year of an instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();
}

/** Pages are public: a generous limit per client that still stops scraping loops. */
const PAGE_RATE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };

// Query strings of pages are validated in the handlers, not by the schema, so that a citizen's
// typo is answered with the page and an error message, never with a JSON problem.
const LooseText = Type.Optional(Type.String());

/** Checks what a citizen typed as an old commune code (5 digits; leading zeros may be left out). */
export function parseOldCommuneCode(input: string): { code: string } | { error: string } {
  const value = input.replace(/\s+/g, '');
  if (value === '') return { error: 'Nhập mã xã cũ cần tra cứu.' };
  if (!/^\d+$/.test(value)) return { error: 'Mã xã cũ chỉ gồm chữ số, ví dụ 18883.' };
  if (value.length > 5) return { error: 'Mã xã cũ có 5 chữ số.' };
  return { code: value.padStart(5, '0') };
}

const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { hide: true }, config: PAGE_RATE_LIMIT }, async (request, reply) =>
    sendPage(reply, renderHome(request, { year: vietnamYear(app.clock()) })),
  );

  // The A− A A+ control: plain links, so it works with JavaScript off. The choice is a cookie.
  app.get(
    '/co-chu',
    {
      schema: { hide: true, querystring: Type.Object({ size: LooseText, back: LooseText }) },
      config: PAGE_RATE_LIMIT,
    },
    async (request, reply) => {
      const { size, back } = request.query;
      if (isFontSize(size)) {
        void reply.setCookie(FONT_SIZE_COOKIE, size, {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: request.protocol === 'https',
        });
      }
      return reply.header('cache-control', 'no-store').redirect(safeLocalPath(back), 303);
    },
  );

  app.get('/don-vi-hanh-chinh', { schema: { hide: true }, config: PAGE_RATE_LIMIT }, async (request, reply) =>
    sendPage(reply, renderProvinces(request, await app.org.listProvinces())),
  );

  app.get(
    '/don-vi-hanh-chinh/tra-cuu',
    { schema: { hide: true, querystring: Type.Object({ ma: LooseText }) }, config: PAGE_RATE_LIMIT },
    async (request, reply) => {
      const input = (request.query.ma ?? '').slice(0, 50);
      const parsed = parseOldCommuneCode(input);
      let outcome: LookupOutcome;
      if ('error' in parsed) {
        outcome = { kind: 'invalid', input, error: parsed.error };
      } else {
        const resolution = await app.org.resolveOldCommune(parsed.code);
        outcome = resolution ? { kind: 'found', resolution } : { kind: 'not-found', code: parsed.code };
      }
      const status = outcome.kind === 'invalid' ? 400 : outcome.kind === 'not-found' ? 404 : 200;
      return sendPage(reply, renderLookup(request, outcome), status);
    },
  );

  app.get(
    '/don-vi-hanh-chinh/:code',
    { schema: { hide: true, params: Type.Object({ code: Type.String() }) }, config: PAGE_RATE_LIMIT },
    async (request, reply) => {
      const { code } = request.params;
      const notFound = () =>
        sendPage(reply, renderNotFound(request, `Không có tỉnh, thành phố mang mã “${code.slice(0, 20)}”.`), 404);
      if (!/^\d{1,2}$/.test(code)) return notFound();
      const provinceCode = code.padStart(2, '0');
      const [provinces, communes] = await Promise.all([app.org.listProvinces(), app.org.listCommunes(provinceCode)]);
      const province = provinces.find((p) => p.code === provinceCode);
      if (!province || !communes) return notFound();
      return sendPage(reply, renderCommunes(request, province, communes));
    },
  );

  app.get(
    '/lich-nghi',
    { schema: { hide: true, querystring: Type.Object({ nam: LooseText }) }, config: PAGE_RATE_LIMIT },
    async (request, reply) => {
      const raw = request.query.nam;
      const current = vietnamYear(app.clock());
      const year = raw !== undefined && /^\d{4}$/.test(raw) ? Number(raw) : current;
      const view = await loadHolidayYear(app, year, current);
      if (!view) {
        return sendPage(reply, renderNotFound(request, `Không có lịch nghỉ của năm ${year}.`), 404);
      }
      return sendPage(reply, renderHolidays(request, view));
    },
  );
};

export default portalRoutes;
