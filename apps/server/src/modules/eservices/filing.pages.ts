import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type FieldError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { csrfTokenOf } from '../auth/principal-hook.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import type { PublishedProcedure } from '../procedures/procedures.port.js';
import { applyPage, fieldIdOf, formPages } from './eservices.form.js';
import { readMultipart } from './eservices.multipart.js';
import type { DraftRow } from './eservices.repository.js';
import { type Applicant, applicantProblems, type EservicesService, UPLOAD_MAX_BYTES } from './eservices.service.js';
import type { PageProblem } from './eservices.views.js';
import {
  agencyMain,
  applicantMain,
  checkMain,
  filesMain,
  formPageMain,
  receiptMain,
  startMain,
} from './filing.views.js';

/** Where to come back after signing in (read by the sign-in page, citizens.pages.ts). */
export const RETURN_COOKIE = 'saola_sau_dang_nhap';
const FORM_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const Loose = Type.Optional(Type.String({ maxLength: 5000 }));
const Id = Type.Object({ id: Type.String({ maxLength: 60 }) });
const ANY_BODY = Type.Record(Type.String(), Type.Unknown());

const APPLICANT_IDS: Record<string, string> = {
  '/applicant/name': 'nn-ho-ten',
  '/applicant/phone': 'nn-dien-thoai',
  '/applicant/email': 'nn-email',
};

function uploadProblem(error: AppError, id: string): PageProblem {
  const message =
    error.code === 'file_too_large'
      ? `Tệp quá lớn. Mỗi tệp tối đa ${UPLOAD_MAX_BYTES / 1024 / 1024} MB; hãy chụp lại với độ phân giải thấp hơn.`
      : (error.fields[0]?.message ?? error.detail);
  return { href: `#${id}`, id, message };
}

/** The page-by-page online filing (GOV.UK "question pages" and "check answers"), working without JavaScript. */
export function filingPages(service: EservicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const citizenOf = (request: FastifyRequest): string | null =>
      request.principal?.kind === 'citizen' ? request.principal.citizenId : null;
    const toSignIn = (reply: FastifyReply, back: string) =>
      reply
        .setCookie(RETURN_COOKIE, back, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 30 * 60 })
        .redirect('/dang-nhap', 303);
    const page = (
      request: FastifyRequest,
      reply: FastifyReply,
      title: string,
      main: ReturnType<typeof startMain>,
      status = 200,
    ) =>
      sendPage(
        reply.header('cache-control', 'no-store'),
        renderLayout({
          title,
          main,
          request,
          noindex: true,
          breadcrumbs: [{ label: 'Hồ sơ của tôi', href: '/ho-so-cua-toi' }, { label: title }],
        }),
        status,
      );

    interface Ctx {
      citizenId: string;
      draft: DraftRow;
      procedure: PublishedProcedure;
    }
    /** The signed-in citizen's open draft and its procedure; otherwise the reply is already sent. */
    const open = async (request: FastifyRequest, reply: FastifyReply, id: string): Promise<Ctx | null> => {
      const citizenId = citizenOf(request);
      if (!citizenId) {
        await toSignIn(reply, request.url.split('?')[0] ?? '/');
        return null;
      }
      const draft = await service.draft(citizenId, id);
      if (draft.status !== 'open') {
        await reply.redirect(`/ho-so-nhap/${draft.id}/da-nop`, 303);
        return null;
      }
      return { citizenId, draft, procedure: await service.procedure(draft.procedure_code) };
    };
    const steps = (ctx: Ctx) => [
      'co-quan',
      'nguoi-nop',
      ...formPages(ctx.procedure.formSchema).map((p) => `to-khai/${p.key}`),
      'giay-to',
      'kiem-tra',
    ];
    const nextAfter = (ctx: Ctx, step: string) => {
      const all = steps(ctx);
      return `/ho-so-nhap/${ctx.draft.id}/${all[all.indexOf(step) + 1] ?? 'kiem-tra'}`;
    };

    app.get(
      '/nop-ho-so/:code',
      { schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 200 }) }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const procedure = await service.procedure(request.params.code);
        // Not filed online (chỉ nộp trực tiếp, or no implementing agency here): the procedure page says where to go.
        if (procedure.onlineMode === 'truc_tiep' || procedure.agencyIds.length === 0)
          return reply.redirect(`/thu-tuc/${procedure.code}`, 303);
        if (!citizenOf(request)) return toSignIn(reply, `/nop-ho-so/${procedure.code}`);
        return page(
          request,
          reply,
          'Nộp hồ sơ trực tuyến',
          startMain({
            code: procedure.code,
            name: procedure.name,
            csrf: csrfTokenOf(request),
            pages: formPages(procedure.formSchema).length,
          }),
        );
      },
    );

    app.post(
      '/nop-ho-so/:code',
      {
        schema: {
          hide: true,
          params: Type.Object({ code: Type.String({ maxLength: 200 }) }),
          body: Type.Optional(Type.Object({ _csrf: Loose })),
        },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply, `/nop-ho-so/${request.params.code}`);
        const draft = await service.startDraft(citizenId, request.params.code);
        return reply.redirect(`/ho-so-nhap/${draft.id}/co-quan`, 303);
      },
    );

    // ---- agency ----
    const renderAgency = async (request: FastifyRequest, reply: FastifyReply, ctx: Ctx, problems: PageProblem[]) => {
      const agencies = await service.agenciesOf(ctx.procedure);
      return page(
        request,
        reply,
        'Chọn cơ quan',
        agencyMain({
          draftId: ctx.draft.id,
          procedureName: ctx.procedure.name,
          agencies,
          selected: ctx.draft.agency_id,
          csrf: csrfTokenOf(request),
          problems,
        }),
        problems.length ? 400 : 200,
      );
    };
    app.get(
      '/ho-so-nhap/:id/co-quan',
      { schema: { hide: true, params: Id }, config: PAGE_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        return ctx ? renderAgency(request, reply, ctx, []) : reply;
      },
    );
    app.post(
      '/ho-so-nhap/:id/co-quan',
      { schema: { hide: true, params: Id, body: Type.Object({ co_quan: Loose, _csrf: Loose }) }, config: FORM_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        if (!ctx) return reply;
        const chosen = request.body.co_quan ?? '';
        if (!ctx.procedure.agencyIds.includes(chosen))
          return renderAgency(request, reply, ctx, [
            { href: '#co-quan', id: 'co-quan', message: 'Chọn cơ quan nhận hồ sơ.' },
          ]);
        await service.saveDraft(ctx.draft, { agencyId: chosen });
        return reply.redirect(nextAfter(ctx, 'co-quan'), 303);
      },
    );

    // ---- applicant ----
    const renderApplicant = (
      request: FastifyRequest,
      reply: FastifyReply,
      ctx: Ctx,
      a: Applicant,
      problems: PageProblem[],
    ) =>
      page(
        request,
        reply,
        'Thông tin người nộp',
        applicantMain({
          draftId: ctx.draft.id,
          procedureName: ctx.procedure.name,
          applicant: a,
          csrf: csrfTokenOf(request),
          problems,
        }),
        problems.length ? 400 : 200,
      );
    const applicantOf = (d: DraftRow): Applicant => {
      const a = d.applicant as Partial<Applicant>;
      return { name: a.name ?? '', phone: a.phone ?? '', email: a.email ?? '', address: a.address ?? '' };
    };
    app.get(
      '/ho-so-nhap/:id/nguoi-nop',
      { schema: { hide: true, params: Id }, config: PAGE_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        return ctx ? renderApplicant(request, reply, ctx, applicantOf(ctx.draft), []) : reply;
      },
    );
    app.post(
      '/ho-so-nhap/:id/nguoi-nop',
      {
        schema: {
          hide: true,
          params: Id,
          body: Type.Object({ ho_ten: Loose, dien_thoai: Loose, email: Loose, dia_chi: Loose, _csrf: Loose }),
        },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        if (!ctx) return reply;
        const b = request.body;
        const a: Applicant = {
          name: (b.ho_ten ?? '').trim().slice(0, 200),
          phone: (b.dien_thoai ?? '').trim().slice(0, 20),
          email: (b.email ?? '').trim().slice(0, 254),
          address: (b.dia_chi ?? '').trim().slice(0, 500),
        };
        await service.saveDraft(ctx.draft, { applicant: { ...a } });
        const problems = applicantProblems(a).map((p) => {
          const id = APPLICANT_IDS[p.field] ?? 'nn-ho-ten';
          return { href: `#${id}`, id, message: p.message };
        });
        if (problems.length) return renderApplicant(request, reply, ctx, a, problems);
        return reply.redirect(nextAfter(ctx, 'nguoi-nop'), 303);
      },
    );

    // ---- e-form pages ----
    const formProblems = (ctx: Ctx, data: Record<string, unknown>, onlyPage: string | null): PageProblem[] => {
      const pages = formPages(ctx.procedure.formSchema);
      const out: PageProblem[] = [];
      for (const e of service.formProblems(ctx.procedure, data)) {
        const at = fieldIdOf(pages, e);
        if (!at) {
          // A rule of the whole form (no single input): shown on the check page, linking to the first form page.
          const first = pages[0];
          if (!onlyPage && first)
            out.push({ href: `/ho-so-nhap/${ctx.draft.id}/to-khai/${first.key}`, id: e.field, message: e.message });
          continue;
        }
        if (onlyPage && at.page.key !== onlyPage) continue;
        if (out.some((p) => p.id === at.field.id)) continue;
        out.push({
          href: onlyPage ? `#${at.field.id}` : `/ho-so-nhap/${ctx.draft.id}/to-khai/${at.page.key}#${at.field.id}`,
          id: at.field.id,
          message: `${at.field.label}: ${e.message}`,
        });
      }
      return out;
    };
    const renderFormPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      ctx: Ctx,
      key: string,
      data: Record<string, unknown>,
      problems: PageProblem[],
    ) => {
      const pages = formPages(ctx.procedure.formSchema);
      const index = pages.findIndex((p) => p.key === key);
      const p = pages[index];
      if (!p) return reply.redirect(`/ho-so-nhap/${ctx.draft.id}/giay-to`, 303);
      return page(
        request,
        reply,
        p.title,
        formPageMain({
          draftId: ctx.draft.id,
          procedureName: ctx.procedure.name,
          page: p,
          index,
          total: pages.length,
          data,
          csrf: csrfTokenOf(request),
          problems,
        }),
        problems.length ? 400 : 200,
      );
    };
    const PageParams = Type.Object({ id: Type.String({ maxLength: 60 }), key: Type.String({ maxLength: 100 }) });
    app.get(
      '/ho-so-nhap/:id/to-khai/:key',
      { schema: { hide: true, params: PageParams }, config: PAGE_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        return ctx ? renderFormPage(request, reply, ctx, request.params.key, ctx.draft.form_data, []) : reply;
      },
    );
    app.post(
      '/ho-so-nhap/:id/to-khai/:key',
      { schema: { hide: true, params: PageParams, body: ANY_BODY }, config: FORM_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        if (!ctx) return reply;
        const p = formPages(ctx.procedure.formSchema).find((x) => x.key === request.params.key);
        if (!p) return reply.redirect(`/ho-so-nhap/${ctx.draft.id}/giay-to`, 303);
        // What was typed is kept (saved as text), valid or not; the page shows its own fields' problems.
        const data = applyPage(ctx.draft.form_data, p, request.body);
        await service.saveDraft(ctx.draft, { formData: data });
        const problems = formProblems(ctx, data, p.key);
        if (problems.length) return renderFormPage(request, reply, ctx, p.key, data, problems);
        return reply.redirect(nextAfter(ctx, `to-khai/${p.key}`), 303);
      },
    );

    // ---- files ----
    const renderFiles = async (request: FastifyRequest, reply: FastifyReply, ctx: Ctx, problems: PageProblem[]) => {
      const uploads = await service.repo.draftUploads(ctx.draft.id);
      return page(
        request,
        reply,
        'Tải lên giấy tờ',
        filesMain({
          draftId: ctx.draft.id,
          procedureName: ctx.procedure.name,
          components: ctx.procedure.components,
          uploads: uploads.map((u) => ({
            fileId: u.id,
            name: u.name,
            size: u.size_bytes,
            componentIndex: u.component_index,
          })),
          csrf: csrfTokenOf(request),
          problems,
          maxMb: UPLOAD_MAX_BYTES / 1024 / 1024,
        }),
        problems.length ? 400 : 200,
      );
    };
    app.get(
      '/ho-so-nhap/:id/giay-to',
      { schema: { hide: true, params: Id, querystring: Type.Object({ loi: Loose, tp: Loose }) }, config: PAGE_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        return ctx ? renderFiles(request, reply, ctx, []) : reply;
      },
    );
    app.post(
      '/ho-so-nhap/:id/giay-to',
      {
        // multipart/form-data: the CSRF token is in the action URL (?_csrf=), checked before the body is read.
        schema: { hide: true, params: Id, querystring: Type.Object({ 'thanh-phan': Loose, _csrf: Loose }) },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        if (!ctx) return reply;
        const index = Number(request.query['thanh-phan']);
        const id = `tp-${Number.isInteger(index) ? index : 0}`;
        if (!Number.isInteger(index) || !ctx.procedure.components[index])
          return renderFiles(request, reply, ctx, [
            { href: '#tp-0', id: 'tp-0', message: 'Không có giấy tờ này trong thủ tục.' },
          ]);
        let problems: PageProblem[] = [];
        try {
          const { files } = await readMultipart(request);
          if (files.length === 0) problems = [{ href: `#${id}`, id, message: 'Chọn ít nhất một tệp để tải lên.' }];
          for (const f of files)
            await service.upload(actorOf(request), ctx.citizenId, f, { draftId: ctx.draft.id, componentIndex: index });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          problems = [uploadProblem(error, id)];
        }
        if (problems.length) return renderFiles(request, reply, ctx, problems);
        return reply.redirect(`/ho-so-nhap/${ctx.draft.id}/giay-to#${id}`, 303);
      },
    );
    app.post(
      '/ho-so-nhap/:id/giay-to/:fileId/xoa',
      {
        schema: {
          hide: true,
          params: Type.Object({ id: Type.String({ maxLength: 60 }), fileId: Type.String({ maxLength: 60 }) }),
          body: Type.Optional(Type.Object({ _csrf: Loose })),
        },
        config: FORM_LIMIT,
      },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        if (!ctx) return reply;
        const uploads = await service.repo.draftUploads(ctx.draft.id);
        if (uploads.some((u) => u.id === request.params.fileId))
          await service.removeUpload(actorOf(request), ctx.citizenId, request.params.fileId);
        return reply.redirect(`/ho-so-nhap/${ctx.draft.id}/giay-to`, 303);
      },
    );

    // ---- check answers, submit, receipt ----
    const renderCheck = async (request: FastifyRequest, reply: FastifyReply, ctx: Ctx, problems: PageProblem[]) => {
      const [uploads, agency] = await Promise.all([
        service.repo.draftUploads(ctx.draft.id),
        ctx.draft.agency_id ? app.org.findAgency(ctx.draft.agency_id) : Promise.resolve(null),
      ]);
      return page(
        request,
        reply,
        'Kiểm tra lại hồ sơ',
        checkMain({
          draftId: ctx.draft.id,
          procedureName: ctx.procedure.name,
          agencyName: agency?.name ?? null,
          applicant: applicantOf(ctx.draft),
          pages: formPages(ctx.procedure.formSchema),
          data: ctx.draft.form_data,
          components: ctx.procedure.components,
          uploads: uploads.map((u) => ({ name: u.name, componentIndex: u.component_index })),
          csrf: csrfTokenOf(request),
          problems,
        }),
        problems.length ? 422 : 200,
      );
    };
    app.get(
      '/ho-so-nhap/:id/kiem-tra',
      { schema: { hide: true, params: Id }, config: PAGE_LIMIT },
      async (request, reply) => {
        const ctx = await open(request, reply, request.params.id);
        return ctx ? renderCheck(request, reply, ctx, []) : reply;
      },
    );
    app.post(
      '/ho-so-nhap/:id/kiem-tra',
      { schema: { hide: true, params: Id, body: Type.Optional(Type.Object({ _csrf: Loose })) }, config: FORM_LIMIT },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply, `/ho-so-nhap/${request.params.id}/kiem-tra`);
        const draft = await service.draft(citizenId, request.params.id);
        try {
          await service.submitDraft(citizenId, draft.id);
        } catch (error) {
          if (!(error instanceof AppError) || error.status !== 422) throw error;
          const ctx = {
            citizenId,
            draft: await service.draft(citizenId, draft.id),
            procedure: await service.procedure(draft.procedure_code),
          };
          return renderCheck(
            request,
            reply,
            ctx,
            problemsOfSubmit(ctx, error.fields, formProblems(ctx, ctx.draft.form_data, null)),
          );
        }
        return reply.redirect(`/ho-so-nhap/${draft.id}/da-nop`, 303);
      },
    );
    app.get(
      '/ho-so-nhap/:id/da-nop',
      { schema: { hide: true, params: Id }, config: PAGE_LIMIT },
      async (request, reply) => {
        const citizenId = citizenOf(request);
        if (!citizenId) return toSignIn(reply, request.url);
        const draft = await service.draft(citizenId, request.params.id);
        if (draft.status === 'open') return reply.redirect(`/ho-so-nhap/${draft.id}/kiem-tra`, 303);
        const procedure = await service.procedure(draft.procedure_code);
        return page(
          request,
          reply,
          'Đã gửi hồ sơ',
          receiptMain({
            code: draft.dossier_code,
            procedureName: procedure.name,
            submittedAt: draft.submitted_at ? draft.submitted_at.toISOString() : null,
            draftId: draft.id,
          }),
        );
      },
    );
  };
}

/** Every problem of a refused submission, each linking to the page and input where it is fixed. */
function problemsOfSubmit(
  ctx: { draft: DraftRow; procedure: PublishedProcedure },
  fields: FieldError[],
  form: PageProblem[],
): PageProblem[] {
  const base = `/ho-so-nhap/${ctx.draft.id}`;
  const out: PageProblem[] = [...form];
  for (const f of fields) {
    if (f.field.startsWith('/formData')) continue;
    const files = /^\/files\/(\d+)/.exec(f.field);
    const href = f.field.startsWith('/applicant')
      ? `${base}/nguoi-nop#${APPLICANT_IDS[f.field] ?? 'nn-ho-ten'}`
      : f.field.startsWith('/agency')
        ? `${base}/co-quan`
        : files
          ? `${base}/giay-to#tp-${files[1] ?? '0'}`
          : `${base}/giay-to`;
    out.push({ href, id: href, message: f.message });
  }
  return out;
}
