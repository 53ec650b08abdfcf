import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { PublicAgencyList } from './statistics.agencies.js';
import { pageQuery } from './statistics.form.js';
import {
  CSV_TYPE,
  downloadName,
  LICENCE_LINK,
  licenceFor,
  OPEN_DATA_CACHE,
  statisticsCsv,
} from './statistics.opendata.js';
import type { StatisticsService } from './statistics.service.js';
import { statisticsWorkbook } from './statistics.xlsx.js';

const TAG = 'Thống kê';
const PUBLIC_TAG = 'Thống kê (công khai)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PUBLIC_RATE_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });
const Count = Type.Integer({ minimum: 0 });
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

const Satisfaction = Type.Object({
  ratings: Count,
  average: Nullable(Type.Number()),
  distribution: Type.Array(Count, { minItems: 5, maxItems: 5, description: 'Số lượt đánh giá 1, 2, 3, 4, 5 sao' }),
  satisfiedShare: Rate,
});

const countProps = {
  received: Count,
  receivedCounter: Count,
  receivedOnline: Count,
  receivedPost: Count,
  resolved: Count,
  resolvedOnTime: Count,
  resolvedLate: Count,
  inProgress: Count,
  inProgressOnTime: Count,
  overdue: Count,
  returned: Count,
  withdrawn: Count,
  refused: Count,
  rejected: Count,
  stopped: Count,
  receivedDigitised: Count,
  resolvedElectronicResult: Count,
  onlineRate: Rate,
  onTimeRate: Rate,
  satisfaction: Satisfaction,
};

const Indicator = Type.Object({
  code: Type.String(),
  group: Type.String(),
  name: Type.String(),
  score: Nullable(Type.Number()),
  maxScore: Type.Number(),
  rate: Rate,
  formula: Type.String(),
  note: Type.String(),
});

const Report = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  agency: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  groupBy: Type.Union([Type.Literal('agency'), Type.Literal('field'), Type.Literal('procedure')]),
  snapshotAt: Type.String({ format: 'date-time' }),
  totals: Type.Object(countProps),
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...countProps })),
  indicators766: Type.Object({ items: Type.Array(Indicator), total: Type.Number(), maxTotal: Type.Number() }),
});

/** The public JSON is open data: it names its licence and source (docs/statistics.md, "Dữ liệu mở"). */
const PublicReport = Type.Object({
  ...Report.properties,
  licence: Type.Object(
    {
      name: Type.String(),
      url: Type.String({ format: 'uri' }),
      attribution: Type.String({ description: 'Câu ghi nguồn khi dùng lại dữ liệu' }),
    },
    { description: 'Giấy phép dữ liệu mở: CC BY 4.0' },
  ),
  source: Type.Object(
    { name: Type.String(), url: Type.String({ format: 'uri' }) },
    { description: 'Cổng công bố số liệu và trang thống kê của cùng lựa chọn' },
  ),
  generatedAt: Type.String({ format: 'date-time', description: 'Thời điểm lập số liệu' }),
});

const GroupByQ = Type.Union([Type.Literal('agency'), Type.Literal('field'), Type.Literal('procedure')], {
  description: 'Nhóm theo cơ quan (mặc định), lĩnh vực hoặc thủ tục',
});
const periodProps = {
  from: Type.Optional(LocalDate('Từ ngày (YYYY-MM-DD, giờ Việt Nam); mặc định 01/01 năm nay')),
  to: Type.Optional(LocalDate('Đến hết ngày (YYYY-MM-DD); mặc định hôm nay')),
  groupBy: Type.Optional(GroupByQ),
};
const StaffQuery = Type.Object({
  ...periodProps,
  agencyId: Type.Optional(
    Type.String({ format: 'uuid', description: 'Cơ quan (cùng các cơ quan cấp dưới); mặc định mọi cơ quan được xem' }),
  ),
});
const PublicQuery = Type.Object({
  ...periodProps,
  agencyCode: Type.String({ minLength: 1, maxLength: 40, description: 'Mã định danh điện tử của cơ quan' }),
});

const DESCRIPTION =
  'Định nghĩa: tiếp nhận = lần tiếp nhận đầu tiên trong kỳ (theo kênh); đã giải quyết = có kết quả (result_ready) ' +
  'trong kỳ, đúng hạn nếu không muộn hơn hạn giải quyết; đang giải quyết, quá hạn = tại cuối kỳ (hoặc hiện tại nếu ' +
  'kỳ chưa kết thúc). Xem docs/statistics.md.';

function sendXlsx(reply: FastifyReply, bytes: Buffer, filename: string) {
  return reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(bytes);
}

const OPEN_DATA =
  'Dữ liệu mở, giấy phép Creative Commons Ghi công 4.0 (CC BY 4.0): được dùng lại tự do, kể cả thương mại, ' +
  'với điều kiện ghi nguồn. Bộ nhớ đệm công khai 5 phút.';

export function statisticsRoutes(service: StatisticsService, agencies: PublicAgencyList): FastifyPluginAsyncTypebox {
  return async (app) => {
    const openData = (report: { agency: { code: string } | null; period: { from: string; to: string } }) => ({
      licence: licenceFor(app.config.portalName),
      source: {
        name: app.config.portalName,
        url: `${app.config.publicUrl}/thong-ke?${pageQuery(report.agency?.code ?? '', report.period)}`,
      },
      generatedAt: app.clock().toISOString(),
    });

    app.get(
      '/statistics/dossiers',
      {
        schema: {
          tags: [TAG],
          summary: 'Thống kê giải quyết hồ sơ theo cơ quan, lĩnh vực, thủ tục và chỉ số QĐ 766/QĐ-TTg',
          description: `${DESCRIPTION} Cần quyền statistics.read tại cơ quan.`,
          querystring: StaffQuery,
          response: { 200: Report },
        },
      },
      async (request) => service.forStaff(request.principal, request.query),
    );

    app.get(
      '/statistics/dossiers.xlsx',
      {
        schema: {
          tags: [TAG],
          summary: 'Thống kê giải quyết hồ sơ (Excel), cùng số liệu với /statistics/dossiers',
          querystring: StaffQuery,
          response: {
            200: {
              description: 'Bảng thống kê (Excel)',
              content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
            },
          },
        },
      },
      async (request, reply) => {
        const report = await service.forStaff(request.principal, request.query);
        const body = await statisticsWorkbook(report);
        const filename = `thong-ke-ho-so-${report.period.from}-${report.period.to}.xlsx`;
        return sendXlsx(reply, body, filename);
      },
    );

    app.get(
      '/public/statistics/dossiers',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: [PUBLIC_TAG],
          summary: 'Thống kê công khai tình hình giải quyết hồ sơ của một cơ quan (không có dữ liệu cá nhân)',
          description: `${DESCRIPTION} ${OPEN_DATA}`,
          querystring: PublicQuery,
          response: { 200: PublicReport },
        },
      },
      async (request, reply) => {
        const report = await service.forPublic(request.query);
        void reply.header('cache-control', OPEN_DATA_CACHE).header('link', LICENCE_LINK);
        return { ...report, ...openData(report) };
      },
    );

    app.get(
      '/public/statistics/dossiers.csv',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: [PUBLIC_TAG],
          summary: 'Thống kê công khai (CSV, dữ liệu mở), cùng số liệu với /public/statistics/dossiers',
          description:
            `${DESCRIPTION} CSV UTF-8 có BOM, phân cách bằng dấu phẩy, một dòng tiêu đề tiếng Việt, một dòng cho mỗi ` +
            `cơ quan (lĩnh vực, thủ tục) và dòng "Tổng cộng" cuối cùng; tỷ lệ là số thập phân 0–1 dấu chấm, để trống ` +
            `khi không có mẫu số. Giấy phép trong tiêu đề HTTP Link (rel="license"). ${OPEN_DATA}`,
          querystring: PublicQuery,
          response: {
            200: {
              description: 'Bảng thống kê (CSV)',
              content: { 'text/csv': { schema: { type: 'string' } } },
            },
          },
        },
      },
      async (request, reply) => {
        const report = await service.forPublic(request.query);
        const body = statisticsCsv(report, report.groupBy === 'agency' ? await agencyCodes(report) : new Map());
        return reply
          .type(CSV_TYPE)
          .header('content-disposition', `attachment; filename="${downloadName(report, 'csv')}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', OPEN_DATA_CACHE)
          .header('link', LICENCE_LINK)
          .send(body);
      },
    );

    /** Codes of the report's agencies: from the cached public list, else one lookup each. */
    async function agencyCodes(report: { rows: { key: string }[] }): Promise<Map<string, string>> {
      const codes = await agencies.codes();
      const missing = report.rows.map((r) => r.key).filter((id) => !codes.has(id));
      const found = await Promise.all(missing.map((id) => app.org.findAgency(id)));
      for (const a of found) if (a) codes.set(a.id, a.code);
      return codes;
    }
  };
}
