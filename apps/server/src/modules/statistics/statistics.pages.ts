import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../http/errors.js';
import { localIsoDate } from '../calendar/local-time.js';
import type { FieldProblem } from '../portal/form-errors.js';
import { html } from '../portal/html.js';
import { renderLayout, sendPage } from '../portal/layout.js';
import type { AgencyOption, PublicAgencyList } from './statistics.agencies.js';
import { pageQuery, readForm, resolvePeriod } from './statistics.form.js';
import { LICENCE_NAME, LICENCE_URL } from './statistics.opendata.js';
import type { StatisticsReport, StatisticsService } from './statistics.service.js';
import { type Dataset, openDataMain, type StatisticsPageData, statisticsMain } from './statistics.views.js';

/** Public pages read the statistics: the same limit as the public JSON. */
const PAGE_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };

const API = '/api/v1/public/statistics/dossiers';

/**
 * Portal pages of the statistics module (issue 4 §3): /thong-ke (numbers per agency and period, GET form, no
 * script) and /du-lieu-mo (the open datasets). The query string is read by the handler, not by a schema, so that
 * any mistake is answered with the page and an error summary, never with a JSON problem.
 */
export function statisticsPages(service: StatisticsService, agencies: PublicAgencyList): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/thong-ke', { schema: { hide: true }, config: PAGE_LIMIT }, async (request, reply) => {
      const now = app.clock();
      const today = localIsoDate(now);
      const form = readForm(request.query);
      const trees = await agencies.trees();
      const problems: FieldProblem[] = [];

      let selected: AgencyOption | null = null;
      const code = form.agencyCode || trees[0]?.root.code || '';
      if (code) {
        const found = await app.org.findAgencyByCode(code);
        if (found) selected = { id: found.id, code: found.code, name: found.name, kind: found.kind };
        else
          problems.push({
            id: 'co-quan',
            message: `Không có cơ quan mang mã “${code}”. Hãy chọn một cơ quan trong danh sách.`,
          });
      }
      const resolved = resolvePeriod(form, today);
      if ('problems' in resolved) problems.push(...resolved.problems);

      let result: StatisticsPageData['result'] = null;
      if (problems.length === 0 && selected && 'period' in resolved) {
        const { period } = resolved;
        let report: StatisticsReport | null = null;
        try {
          report = await service.forPublic({ agencyCode: selected.code, from: period.from, to: period.to });
        } catch (error) {
          // The service checks the period and the agency again; its answer becomes a message, never a 500.
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          problems.push({ id: error.status === 404 ? 'co-quan' : 'den-ngay', message: error.detail });
        }
        if (report) {
          const q = new URLSearchParams({ agencyCode: selected.code, from: period.from, to: period.to }).toString();
          result = { report, period, generatedAt: now, csvHref: `${API}.csv?${q}`, jsonHref: `${API}?${q}` };
        }
      }

      const data: StatisticsPageData = {
        form,
        trees,
        selected,
        currentYear: Number(today.slice(0, 4)),
        problems,
        result,
      };
      const title = problems.length ? 'Lỗi: Thống kê giải quyết hồ sơ' : 'Thống kê giải quyết hồ sơ';
      const document = renderLayout({
        title,
        main: statisticsMain(data, app.config.portalName),
        request,
        breadcrumbs: [{ label: 'Thống kê giải quyết hồ sơ' }],
        description:
          'Số hồ sơ thủ tục hành chính tiếp nhận, giải quyết đúng hạn, quá hạn, tỷ lệ trực tuyến và mức độ hài lòng ' +
          'theo cơ quan và kỳ; tải về dạng CSV, JSON.',
        ...(result && selected ? { canonicalPath: `/thong-ke?${pageQuery(selected.code, result.report.period)}` } : {}),
        noindex: problems.length > 0,
      });
      return sendPage(reply, document, problems.length ? 400 : 200);
    });

    app.get('/du-lieu-mo', { schema: { hide: true }, config: PAGE_LIMIT }, async (request, reply) => {
      const today = localIsoDate(app.clock());
      const year = today.slice(0, 4);
      const root = (await agencies.trees())[0]?.root ?? null;
      const q = root ? new URLSearchParams({ agencyCode: root.code, from: `${year}-01-01`, to: today }).toString() : '';
      const cc = html`<a href="${LICENCE_URL}" rel="license">${LICENCE_NAME}</a>`;
      // Luật Sở hữu trí tuệ 2005, Điều 15 khoản 2: văn bản quy phạm pháp luật, văn bản hành chính are not
      // protected by copyright — the lists below are taken from them.
      const stateText = html`Sử dụng tự do, xin ghi nguồn: nội dung lấy từ văn bản của Nhà nước, không thuộc đối tượng
      bảo hộ quyền tác giả (Luật Sở hữu trí tuệ, Điều 15).`;
      const datasets: Dataset[] = [
        {
          title: 'Thống kê giải quyết hồ sơ thủ tục hành chính',
          description:
            'Theo cơ quan và kỳ: tiếp nhận (theo kênh), giải quyết đúng hạn, quá hạn, đang giải quyết, tỷ lệ trực ' +
            'tuyến, tỷ lệ đúng hạn, đánh giá mức độ hài lòng.',
          downloads: root
            ? [
                { label: `CSV — ${root.name}, năm ${year}`, href: `${API}.csv?${q}` },
                { label: `JSON — ${root.name}, năm ${year}`, href: `${API}?${q}` },
              ]
            : [],
          page: { label: 'Chọn cơ quan, kỳ và tải về', href: '/thong-ke' },
          licence: cc,
          frequency:
            'Hằng ngày: số liệu các ngày đã qua được tổng hợp lúc 00:15, số liệu của hôm nay được tính tại lúc xem.',
        },
        {
          title: 'Danh mục đơn vị hành chính',
          description:
            'Tỉnh, thành phố và xã, phường, đặc khu đang có hiệu lực (mã theo Quyết định 19/2025/QĐ-TTg), kèm lịch ' +
            'sử mã; tra mã xã cũ trước ngày 01/7/2025.',
          downloads: [
            { label: 'JSON — danh sách tỉnh, thành phố', href: '/api/v1/units?level=province&limit=200' },
            {
              label: 'JSON — xã, phường, đặc khu (200 đơn vị mỗi trang, trang sau theo nextCursor)',
              href: '/api/v1/units?level=commune&limit=200',
            },
          ],
          page: { label: 'Xem trên cổng', href: '/don-vi-hanh-chinh' },
          licence: stateText,
          frequency: 'Khi Nhà nước ban hành thay đổi danh mục.',
        },
        {
          title: 'Lịch nghỉ lễ, Tết và ngày làm bù',
          description: 'Ngày nghỉ lễ, Tết của cán bộ, công chức, viên chức và ngày làm việc bù của một năm.',
          downloads: [{ label: `JSON — năm ${year}`, href: `/api/v1/calendar/holidays?year=${year}` }],
          page: { label: 'Xem trên cổng', href: `/lich-nghi?nam=${year}` },
          licence: stateText,
          frequency: 'Hằng năm, khi Bộ Nội vụ thông báo lịch nghỉ.',
        },
      ];
      return sendPage(
        reply,
        renderLayout({
          title: 'Dữ liệu mở',
          main: openDataMain(datasets, app.config.portalName),
          request,
          breadcrumbs: [{ label: 'Dữ liệu mở' }],
          description: 'Các bộ dữ liệu mở của cổng: thống kê giải quyết hồ sơ, đơn vị hành chính, lịch nghỉ lễ.',
        }),
      );
    });
  };
}
