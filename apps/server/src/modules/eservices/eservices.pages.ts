import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TtlPromiseCache } from '../../cache/ttl-promise-cache.js';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { csrfTokenOf } from '../auth/principal-hook.js';
import type { OnlineFile } from '../dossiers/dossier-citizen.port.js';
import type { FeeStatus } from '../payments/payments.port.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import { renderNotFound } from '../portal/pages/not-found.js';
import type { SafeHtml } from '../portal/html.js';
import { type SearchForm, procedureMain, searchMain } from './catalogue.views.js';
import { readMultipart, registerEservicesMultipart } from './eservices.multipart.js';
import type { EservicesService } from './eservices.service.js';
import { lookupMain, myDossierMain, myDossiersMain, type PageProblem } from './eservices.views.js';
import { mayOweFee } from './fee.views.js';
import { filingPages, RETURN_COOKIE } from './filing.pages.js';

const PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const FORM_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };
/** Lookup without signing in: few tries per address, so codes cannot be paired with phones by guessing. */
const LOOKUP_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Loose = Type.Optional(Type.String({ maxLength: 5000 }));
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });
const CATALOGUE_TTL_MS = 60_000;

const NOTICES: Record<string, string> = {
  'bo-sung': 'Đã gửi bổ sung. Cơ quan sẽ tiếp tục giải quyết hồ sơ.',
  'danh-gia': 'Cảm ơn bạn đã đánh giá.',
};

interface FilterLists {
  fields: string[];
  agencies: { code: string; name: string }[];
}

/** The fields and implementing agencies of the published catalogue (at most 1,000 procedures). */
async function readFilterLists(app: FastifyInstance): Promise<FilterLists> {
  const catalogue = app.procedures.publicCatalogue;
  const fields = new Set<string>();
  const agencies = new Map<string, string>();
  let cursor: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await catalogue.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const p of page.items) {
      fields.add(p.field);
      for (const a of (await catalogue.get(p.code)).agencies) agencies.set(a.code, a.name);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return {
    fields: [...fields].sort((a, b) => a.localeCompare(b, 'vi')),
    agencies: [...agencies].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  };
}

/** Portal pages of online public services: procedure search and page, my dossiers, lookup (and the filing). */
export function eservicesPages(service: EservicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await registerEservicesMultipart(app);
    // People browse these pages: "not found" (an unknown code, another citizen's dossier or draft) is the
    // portal's HTML page, not an API problem document. Everything else goes to the app's handler.
    const parent = app.errorHandler;
    app.setErrorHandler(function (error, request, reply) {
      if (error instanceof AppError && error.status === 404)
        return sendPage(reply, renderNotFound(request, error.detail), 404);
      return parent.call(this, error, request, reply);
    });
    await app.register(filingPages(service));

    const show = (
      request: FastifyRequest,
      reply: FastifyReply,
      title: string,
      main: SafeHtml,
      opts: { status?: number; crumbs?: { label: string; href?: string }[]; noindex?: boolean } = {},
    ) =>
      sendPage(
        reply,
        renderLayout({
          title,
          main,
          request,
          noindex: opts.noindex ?? false,
          breadcrumbs: opts.crumbs ?? [{ label: title }],
        }),
        opts.status ?? 200,
      );
    const citizenOf = (request: FastifyRequest): string | null =>
      request.principal?.kind === 'citizen' ? request.principal.citizenId : null;
    /**
     * The fee of a dossier (modules/payments, resolved at request time): null when the payments module is not
     * registered (the saola-payments plugin is registered after this one in app.ts, so it cannot be a declared
     * dependency) or does not know the dossier. Called only after the citizen's ownership was checked.
     */
    const feeOf = async (code: string): Promise<FeeStatus | null> => {
      const payments = (app as Partial<Pick<FastifyInstance, 'payments'>>).payments;
      return payments ? payments.feeStatus(code) : null;
    };

    // Fields and agencies offered as filters: read from the published catalogue, kept a minute; the requests
    // that arrive while it is being read share that one reading (TtlPromiseCache).
    const filterCache = new TtlPromiseCache<FilterLists>(CATALOGUE_TTL_MS, 1, () => app.clock().getTime());
    const filterLists = () => filterCache.get('filters', () => readFilterLists(app));

    app.get(
      '/thu-tuc',
      {
        schema: {
          hide: true,
          querystring: Type.Object({ q: Loose, 'linh-vuc': Loose, cap: Loose, 'co-quan': Loose, sau: Loose }),
        },
        config: PAGE_LIMIT,
      },
      async (request, reply) => {
        const query = request.query;
        const form: SearchForm = {
          q: (query.q ?? '').slice(0, 200),
          field: (query['linh-vuc'] ?? '').slice(0, 200),
          level: query.cap === 'xa' || query.cap === 'tinh' ? query.cap : '',
          agencyCode: (query['co-quan'] ?? '').slice(0, 50),
        };
        const lists = await filterLists();
        let page: Awaited<ReturnType<typeof app.procedures.publicCatalogue.list>>;
        try {
          page = await app.procedures.publicCatalogue.list({
            limit: 20,
            ...(form.q.trim() ? { q: form.q } : {}),
            ...(form.field ? { field: form.field } : {}),
            ...(form.level ? { level: form.level as 'xa' | 'tinh' } : {}),
            ...(form.agencyCode ? { agencyCode: form.agencyCode } : {}),
            ...(query.sau ? { cursor: query.sau.slice(0, 500) } : {}),
          });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          page = { items: [], nextCursor: null };
        }
        const next = page.nextCursor
          ? `/thu-tuc?${new URLSearchParams({ q: form.q, 'linh-vuc': form.field, cap: form.level, 'co-quan': form.agencyCode, sau: page.nextCursor }).toString()}`
          : null;
        return show(
          request,
          reply,
          'Thủ tục hành chính',
          searchMain({ form, items: page.items, fields: lists.fields, agencies: lists.agencies, nextHref: next }),
          {
            crumbs: [{ label: 'Thủ tục hành chính' }],
          },
        );
      },
    );

    app.get(
      '/thu-tuc/:code',
      { schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 200 }) }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const p = await app.procedures.publicCatalogue.get(request.params.code);
        return show(request, reply, p.name, procedureMain(p), {
          crumbs: [{ label: 'Thủ tục hành chính', href: '/thu-tuc' }, { label: p.name }],
        });
      },
    );

    // ---- lookup without signing in ----
    // ?ma=<code>: the link in the dossier notifications (dossiers/dossier-notify.ts) fills in the code.
    app.get(
      '/tra-cuu-ho-so',
      { schema: { hide: true, querystring: Type.Object({ ma: Loose }) }, config: PAGE_LIMIT },
      async (request, reply) =>
        show(
          request,
          reply,
          'Tra cứu hồ sơ',
          lookupMain({
            code: (request.query.ma ?? '').trim().slice(0, 60),
            phone: '',
            csrf: csrfTokenOf(request),
            problems: [],
            found: null,
          }),
        ),
    );
    app.post(
      '/tra-cuu-ho-so',
      {
        schema: { hide: true, body: Type.Object({ ma: Loose, dien_thoai: Loose, _csrf: Loose }) },
        config: LOOKUP_LIMIT,
      },
      async (request, reply) => {
        const code = (request.body.ma ?? '').trim().slice(0, 60);
        const phone = (request.body.dien_thoai ?? '').trim().slice(0, 20);
        const problems: PageProblem[] = [];
        if (!code) problems.push({ href: '#ma-ho-so', id: 'ma-ho-so', message: 'Nhập mã hồ sơ.' });
        if (!phone)
          problems.push({ href: '#so-dien-thoai', id: 'so-dien-thoai', message: 'Nhập số điện thoại người nộp.' });
        const found = problems.length ? null : await app.dossiers.citizen.lookup(code, phone);
        if (!problems.length && !found)
          problems.push({
            href: '#ma-ho-so',
            id: 'ma-ho-so',
            message: 'Không tìm thấy hồ sơ với mã và số điện thoại này. Hãy kiểm tra lại.',
          });
        void reply.header('cache-control', 'no-store');
        return show(
          request,
          reply,
          'Tra cứu hồ sơ',
          lookupMain({ code, phone, csrf: csrfTokenOf(request), problems, found }),
          {
            status: found ? 200 : problems.length ? 400 : 200,
            noindex: true,
          },
        );
      },
    );

    // ---- my dossiers ----
    const signIn = (reply: FastifyReply, back: string) =>
      reply
        .setCookie(RETURN_COOKIE, back, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 30 * 60 })
        .redirect('/dang-nhap', 303);

    app.get(
      '/ho-so-cua-toi',
      { schema: { hide: true, querystring: Type.Object({ da: Loose }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return signIn(reply, '/ho-so-cua-toi');
        const items = await app.dossiers.citizen.listMine(id);
        // "Chưa nộp phí" on the rows: the fee of each dossier still open (an ended one owes nothing online).
        const fees = new Map<string, FeeStatus>();
        for (const d of items) {
          if (mayOweFee(d.status)) {
            const fee = await feeOf(d.code);
            if (fee) fees.set(d.code, fee);
          }
        }
        void reply.header('cache-control', 'no-store');
        return show(
          request,
          reply,
          'Hồ sơ của tôi',
          myDossiersMain(items, NOTICES[request.query.da ?? ''] ?? null, fees),
          { noindex: true },
        );
      },
    );

    const renderMine = async (
      request: FastifyRequest,
      reply: FastifyReply,
      citizenId: string,
      code: string,
      problems: PageProblem[],
      notice: string | null,
    ) => {
      const d = await app.dossiers.citizen.getMine(citizenId, code);
      const fee = await feeOf(d.code);
      void reply.header('cache-control', 'no-store');
      return show(
        request,
        reply,
        `Hồ sơ ${d.code}`,
        myDossierMain({
          d,
          fee,
          csrf: csrfTokenOf(request),
          problems,
          notice,
          ratingOpen: ['result_ready', 'returned', 'refused', 'rejected'].includes(d.status),
        }),
        {
          status: problems.length ? 400 : 200,
          noindex: true,
          crumbs: [{ label: 'Hồ sơ của tôi', href: '/ho-so-cua-toi' }, { label: d.code }],
        },
      );
    };
    app.get(
      '/ho-so-cua-toi/:code',
      { schema: { hide: true, params: CodeParams, querystring: Type.Object({ da: Loose }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const id = citizenOf(request);
        if (!id) return signIn(reply, `/ho-so-cua-toi/${encodeURIComponent(request.params.code)}`);
        return renderMine(request, reply, id, request.params.code, [], NOTICES[request.query.da ?? ''] ?? null);
      },
    );

    app.post(
      '/ho-so-cua-toi/:code/bo-sung',
      { schema: { hide: true, params: CodeParams, querystring: Type.Object({ _csrf: Loose }) }, config: FORM_LIMIT },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return signIn(reply, `/ho-so-cua-toi/${encodeURIComponent(request.params.code)}`);
        const code = request.params.code;
        await app.dossiers.citizen.getMine(citizenId, code); // 404 before reading another citizen's upload
        const uploaded: OnlineFile[] = [];
        try {
          const { files, fields } = await readMultipart(request);
          for (const f of files) {
            const u = await service.upload(actorOf(request), citizenId, f);
            const row = (await service.repo.claim(citizenId, [u.fileId], app.clock()))[0];
            if (row)
              uploaded.push({
                fileId: row.id,
                component: 'Bổ sung',
                name: row.name,
                mediaType: row.media_type as OnlineFile['mediaType'],
                size: row.size_bytes,
                sha256: row.sha256,
                storageKey: row.storage_key,
              });
          }
          const note = (fields.ghi_chu ?? '').trim().slice(0, 2000) || null;
          await app.dossiers.citizen.supplement(actorOf(request), citizenId, code, { note, files: uploaded });
          await service.repo.markUsed(
            uploaded.map((u) => u.fileId),
            code,
            app.clock(),
          );
        } catch (error) {
          await service.repo.release(
            uploaded.map((u) => u.fileId),
            app.clock(),
          );
          if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
          const message = error.code === 'file_too_large' ? error.detail : (error.fields[0]?.message ?? error.detail);
          return renderMine(request, reply, citizenId, code, [{ href: '#bs-tep', id: 'bs-tep', message }], null);
        }
        return reply.redirect(`/ho-so-cua-toi/${encodeURIComponent(code)}?da=bo-sung`, 303);
      },
    );

    app.get(
      '/ho-so-cua-toi/:code/ket-qua/:fileId',
      {
        schema: {
          hide: true,
          params: Type.Object({ code: Type.String({ maxLength: 60 }), fileId: Type.String({ maxLength: 60 }) }),
        },
        config: PAGE_LIMIT,
      },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return signIn(reply, `/ho-so-cua-toi/${encodeURIComponent(request.params.code)}`);
        const file = await app.dossiers.citizen.resultFile(citizenId, request.params.code, request.params.fileId);
        return reply
          .type(file.mediaType)
          .header(
            'content-disposition',
            `attachment; filename="${encodeURIComponent(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          )
          .header('cache-control', 'no-store')
          .send(file.bytes);
      },
    );

    app.post(
      '/ho-so-cua-toi/:code/danh-gia',
      {
        schema: { hide: true, params: CodeParams, body: Type.Object({ diem: Loose, y_kien: Loose, _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return signIn(reply, `/ho-so-cua-toi/${encodeURIComponent(request.params.code)}`);
        const code = request.params.code;
        const score = Number(request.body.diem);
        if (!Number.isInteger(score) || score < 1 || score > 5)
          return renderMine(
            request,
            reply,
            citizenId,
            code,
            [{ href: '#dg-diem', id: 'dg-diem', message: 'Chọn một mức độ hài lòng.' }],
            null,
          );
        await app.dossiers.citizen.getMine(citizenId, code);
        try {
          await app.dossiers.statistics.recordRating({
            dossierCode: code,
            score,
            comment: (request.body.y_kien ?? '').trim().slice(0, 2000) || null,
            channel: 'online',
            citizenId,
          });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
          return renderMine(
            request,
            reply,
            citizenId,
            code,
            [{ href: '#dg-diem', id: 'dg-diem', message: error.detail }],
            null,
          );
        }
        return reply.redirect(`/ho-so-cua-toi/${encodeURIComponent(code)}?da=danh-gia`, 303);
      },
    );
  };
}
