import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Principal } from '../auth/principal.js';
import type { DossierPapers } from './dossier-papers.js';

const TAG = 'Hồ sơ thủ tục hành chính';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) });
const LocalDate = (description: string) =>
  Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', format: 'date', description });

const Pdf = {
  200: {
    description: 'Tệp PDF khổ A4',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  },
} as const;

function sendFile(reply: FastifyReply, bytes: Buffer, type: string, filename: string, disposition = 'inline') {
  return reply
    .type(type)
    .header('content-disposition', `${disposition}; filename="${filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(bytes);
}

/** The papers of Thông tư 03/2025/TT-VPCP, Phụ lục I: Mẫu số 01–06 as PDF, the control sheet, Mẫu số 07 (XLSX). */
const PAPERS: {
  no: '01' | '02' | '03' | '04' | '05' | '06';
  summary: string;
  file: string;
  render: (p: DossierPapers, principal: Principal | null, code: string) => Promise<Buffer>;
}[] = [
  {
    no: '01',
    summary: 'Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)',
    file: 'giay-tiep-nhan',
    render: (p, who, code) => p.mau01(who, code),
  },
  {
    no: '02',
    summary: 'Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF; 409 nếu chưa có yêu cầu bổ sung)',
    file: 'phieu-yeu-cau-bo-sung',
    render: (p, who, code) => p.mau02(who, code),
  },
  {
    no: '03',
    summary: 'Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (PDF; 409 nếu hồ sơ không bị từ chối)',
    file: 'phieu-tu-choi',
    render: (p, who, code) => p.mau03(who, code),
  },
  {
    no: '04',
    summary: 'Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (PDF; 409 nếu chưa gia hạn)',
    file: 'van-ban-xin-loi-gia-han',
    render: (p, who, code) => p.mau04(who, code),
  },
  {
    no: '05',
    summary: 'Mẫu 05: Thông báo dừng giải quyết hồ sơ (PDF; 409 nếu hồ sơ chưa bị dừng)',
    file: 'thong-bao-dung-giai-quyet',
    render: (p, who, code) => p.mau05(who, code),
  },
  {
    no: '06',
    summary: 'Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)',
    file: 'phieu-kiem-soat',
    render: (p, who, code) => p.mau06(who, code),
  },
];

const ControlRowSchema = Type.Object({
  step: Nullable(Type.Integer({ description: 'Chỉ số bước của quy trình; null: chuyển liên thông, trả kết quả' })),
  stepName: Type.String(),
  fromName: Type.String({ description: 'Người (hoặc cơ quan) giao hồ sơ' }),
  fromAgencyName: Nullable(Type.String()),
  toName: Type.String({ description: 'Người nhận, hoặc vai trò của bước khi chưa giao cho ai' }),
  toAgencyName: Nullable(Type.String()),
  handedAt: Instant,
  dueAt: Nullable(Instant),
  doneAt: Nullable(Instant),
  onTime: Nullable(Type.Boolean({ description: 'true: đúng hạn; false: quá hạn (kể cả đang xử lý đã quá hạn)' })),
  note: Nullable(Type.String()),
});

/** Papers routes of dossiers (/dossiers/{code}/papers/0N.pdf, /control-sheet, /dossiers/ledger.xlsx). */
export function dossierPapersRoutes(papers: DossierPapers): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const paper of PAPERS) {
      app.get(
        `/dossiers/:code/papers/${paper.no}.pdf`,
        { schema: { tags: [TAG], summary: paper.summary, params: CodeParams, response: Pdf } },
        async (request, reply) => {
          const pdf = await paper.render(papers, request.principal, request.params.code);
          return sendFile(reply, pdf, 'application/pdf', `${paper.file}-${request.params.code}.pdf`);
        },
      );
    }

    app.get(
      '/dossiers/:code/control-sheet',
      {
        schema: {
          tags: [TAG],
          summary:
            'Phiếu kiểm soát quá trình giải quyết hồ sơ: mỗi lần giao, nhận; hạn từng bước; đúng hạn hay quá hạn',
          description:
            'Tính từ nhật ký xử lý, quy trình của thủ tục và lịch làm việc (không tính thời gian chờ người nộp bổ ' +
            'sung). Cùng các dòng của Mẫu 06.',
          params: CodeParams,
          response: { 200: Type.Object({ code: Type.String(), rows: Type.Array(ControlRowSchema) }) },
        },
      },
      async (request) => {
        const { row, rows } = await papers.controlRows(request.principal, request.params.code);
        return {
          code: row.code,
          rows: rows.map((r) => ({
            ...r,
            handedAt: r.handedAt.toISOString(),
            dueAt: r.dueAt ? r.dueAt.toISOString() : null,
            doneAt: r.doneAt ? r.doneAt.toISOString() : null,
          })),
        };
      },
    );

    app.get(
      '/dossiers/ledger.xlsx',
      {
        schema: {
          tags: [TAG],
          summary: 'Mẫu 07: Sổ theo dõi hồ sơ của một cơ quan trong một khoảng thời gian (XLSX)',
          description:
            'Các hồ sơ cơ quan tiếp nhận hoặc được chuyển đến, tiếp nhận từ ngày `from` đến hết ngày `to` (giờ Việt ' +
            'Nam). Cần quyền xem hồ sơ (dossiers.read) tại cơ quan đó.',
          querystring: Type.Object({
            agencyId: Type.String({ format: 'uuid' }),
            from: LocalDate('Từ ngày (YYYY-MM-DD)'),
            to: LocalDate('Đến hết ngày (YYYY-MM-DD)'),
          }),
          response: {
            200: {
              description: 'Sổ theo dõi hồ sơ (Excel)',
              content: {
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                  schema: { type: 'string', format: 'binary' },
                },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const { xlsx, filename } = await papers.ledger(request.principal, request.query);
        const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
        return sendFile(reply, xlsx, type, filename, 'attachment');
      },
    );
  };
}
