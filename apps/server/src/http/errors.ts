/**
 * The few typed errors the application throws. Each has a stable `code` (for programs) and a
 * Vietnamese `detail` (for people). http/problem.ts turns them into RFC 9457 responses.
 */
export interface FieldError {
  /** JSON pointer-like path of the field, e.g. "/applicant/phone". */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, detail: string, fields: FieldError[] = []) =>
  new AppError(400, code, detail, fields);
export const unauthorized = (detail = 'Bạn cần đăng nhập để tiếp tục.', code = 'unauthorized') =>
  new AppError(401, code, detail);
export const forbidden = (detail = 'Bạn không có quyền thực hiện thao tác này.', code = 'forbidden') =>
  new AppError(403, code, detail);
export const notFound = (detail = 'Không tìm thấy dữ liệu yêu cầu.', code = 'not_found') =>
  new AppError(404, code, detail);
export const conflict = (detail: string, code = 'conflict', extra: Record<string, unknown> = {}) =>
  new AppError(409, code, detail, [], extra);
/** Optimistic locking: the row changed since the client read it. */
export const staleVersion = (entity: string) =>
  new AppError(
    409,
    'stale_version',
    `${entity} vừa được người khác cập nhật. Vui lòng tải lại để xem thay đổi mới nhất rồi thực hiện lại.`,
  );
export const unprocessable = (detail: string, fields: FieldError[], code = 'validation_failed') =>
  new AppError(422, code, detail, fields);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', detail, [], { retryAfter: retryAfterSeconds });
