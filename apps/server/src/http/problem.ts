import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../modules/portal/layout.js';
import { renderNotFound } from '../modules/portal/pages/not-found.js';
import { AppError, type FieldError } from './errors.js';

/** RFC 9457 problem document. `code` is stable; `detail` is Vietnamese and safe to show. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  409: 'Xung đột dữ liệu',
  413: 'Dữ liệu quá lớn',
  415: 'Định dạng không được hỗ trợ',
  422: 'Dữ liệu chưa hợp lệ',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi hệ thống',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Vietnamese message for one JSON Schema (Ajv) error. */
export function ajvMessage(e: AjvError): FieldError {
  const p = e.params;
  let field = e.instancePath || '';
  let message: string;
  switch (e.keyword) {
    case 'required':
      field = `${field}/${String(p.missingProperty)}`;
      message = 'Trường này là bắt buộc.';
      break;
    case 'minLength':
      message = Number(p.limit) === 1 ? 'Trường này không được để trống.' : `Cần ít nhất ${String(p.limit)} ký tự.`;
      break;
    case 'maxLength':
      message = `Tối đa ${String(p.limit)} ký tự.`;
      break;
    case 'minimum':
      message = `Giá trị phải lớn hơn hoặc bằng ${String(p.limit)}.`;
      break;
    case 'maximum':
      message = `Giá trị phải nhỏ hơn hoặc bằng ${String(p.limit)}.`;
      break;
    case 'pattern':
      message = 'Giá trị không đúng định dạng.';
      break;
    case 'format':
      message = FORMAT_MESSAGES[String(p.format)] ?? `Giá trị không đúng định dạng ${String(p.format)}.`;
      break;
    case 'enum':
      message = 'Giá trị không nằm trong danh sách cho phép.';
      break;
    case 'const':
      message = 'Giá trị không được chấp nhận.';
      break;
    case 'type':
      message = TYPE_MESSAGES[String(p.type)] ?? 'Kiểu dữ liệu không đúng.';
      break;
    case 'additionalProperties':
      field = `${field}/${String(p.additionalProperty)}`;
      message = 'Trường này không được phép.';
      break;
    case 'minItems':
      message = `Cần ít nhất ${String(p.limit)} mục.`;
      break;
    case 'maxItems':
      message = `Tối đa ${String(p.limit)} mục.`;
      break;
    default:
      message = 'Giá trị không hợp lệ.';
  }
  return { field: field || '/', message };
}

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'Địa chỉ thư điện tử không hợp lệ.',
  'date-time': 'Thời điểm phải theo định dạng ISO 8601, ví dụ 2026-01-15T08:00:00+07:00.',
  date: 'Ngày phải theo định dạng YYYY-MM-DD.',
  uuid: 'Mã định danh không hợp lệ.',
  uri: 'Đường dẫn không hợp lệ.',
};
const TYPE_MESSAGES: Record<string, string> = {
  string: 'Giá trị phải là chuỗi ký tự.',
  integer: 'Giá trị phải là số nguyên.',
  number: 'Giá trị phải là số.',
  boolean: 'Giá trị phải là đúng/sai.',
  object: 'Giá trị phải là một đối tượng.',
  array: 'Giá trị phải là một danh sách.',
};

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput) {
  const body: Problem = {
    type: `https://saola.vn/problems/${problem.code.replaceAll('_', '-')}`,
    title: problem.title ?? TITLES[problem.status] ?? 'Lỗi',
    ...problem,
    instance: request.url,
    requestId: request.id,
  };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[] }, request, reply) => {
    if (error instanceof AppError) {
      if (error.status === 429 && typeof error.extra.retryAfter === 'number') {
        void reply.header('retry-after', String(error.extra.retryAfter));
      }
      return sendProblem(reply, request, {
        status: error.status,
        code: error.code,
        detail: error.detail,
        ...(error.fields.length ? { errors: error.fields } : {}),
        ...error.extra,
      });
    }
    if (error.validation) {
      const where =
        error.validationContext === 'querystring'
          ? 'tham số truy vấn'
          : error.validationContext === 'params'
            ? 'đường dẫn'
            : error.validationContext === 'headers'
              ? 'tiêu đề'
              : 'dữ liệu gửi lên';
      return sendProblem(reply, request, {
        status: 422,
        code: 'validation_failed',
        detail: `Có lỗi trong ${where}. Vui lòng kiểm tra các trường được nêu.`,
        errors: error.validation.map(ajvMessage),
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(reply, request, {
        status: 500,
        code: 'internal_error',
        detail: 'Đã có lỗi hệ thống. Vui lòng thử lại sau; nếu lỗi lặp lại, hãy báo quản trị viên kèm mã yêu cầu.',
      });
    }
    // Framework 4xx errors (bad JSON, payload too large, rate limit, wrong content type).
    const known: Record<number, [string, string]> = {
      400: ['bad_request', 'Yêu cầu không đúng định dạng (ví dụ JSON sai cú pháp).'],
      404: ['not_found', 'Không tìm thấy.'],
      405: ['method_not_allowed', 'Phương thức không được hỗ trợ.'],
      413: ['payload_too_large', 'Dữ liệu gửi lên vượt quá dung lượng cho phép.'],
      415: ['unsupported_media_type', 'Định dạng dữ liệu gửi lên không được hỗ trợ.'],
      429: ['too_many_requests', 'Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.'],
    };
    const [code, detail] = known[status] ?? ['bad_request', 'Yêu cầu không hợp lệ.'];
    return sendProblem(reply, request, { status, code, detail });
  });

  // API callers get a problem document; people browsing any other path get the portal's HTML page.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/')) {
      return sendProblem(reply, request, {
        status: 404,
        code: 'route_not_found',
        detail: `Không có địa chỉ ${request.method} ${path}.`,
      });
    }
    return sendPage(reply, renderNotFound(request), 404);
  });
}
