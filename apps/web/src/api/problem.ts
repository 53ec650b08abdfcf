import type { FormInstance } from 'antd';

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem as the server sends it (`detail` is Vietnamese and safe to show). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail: string;
  requestId?: string;
  errors?: FieldProblem[];
  retryAfter?: number;
  [extra: string]: unknown;
}

/** Thrown by the API client for every non-2xx answer (and for network failures, status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.problem.code === code);
}

function isProblemBody(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).detail === 'string';
}

export function toApiError(response: Response, body: unknown): ApiError {
  if (isProblemBody(body)) {
    return new ApiError({ ...body, status: response.status, code: body.code || 'error' });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal_error' : 'error',
    detail:
      typeof body === 'string' && body && body.length < 300
        ? body
        : `Máy chủ trả về lỗi ${response.status}. Vui lòng thử lại sau.`,
  });
}

export const NETWORK_PROBLEM_CODE = 'network_error';

/** "/assignments/0/agencyId" → ['assignments', 0, 'agencyId'] */
export function pointerToNamePath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const samePath = (a: (string | number)[], b: (string | number)[]) =>
  a.length === b.length && a.every((part, i) => String(part) === String(b[i]));

/**
 * Shows a problem's field errors under the matching antd Form fields: the field named by the error's
 * JSON pointer, or else its nearest registered ancestor ("/scopes/2" → the "scopes" select). Returns the
 * errors no field can show, so the caller can list them with the problem's `detail`.
 */
export function applyProblemToForm(form: FormInstance, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const registered = form.getFieldsError().map((f) => f.name);
  const grouped = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const rest: FieldProblem[] = [];
  for (const e of error.problem.errors ?? []) {
    const path = pointerToNamePath(e.field);
    let target: (string | number)[] | undefined;
    for (let len = path.length; len > 0 && !target; len--) {
      const prefix = path.slice(0, len);
      target = registered.find((name) => samePath(name, prefix));
    }
    if (!target) {
      rest.push(e);
      continue;
    }
    const key = JSON.stringify(target.map(String));
    const entry = grouped.get(key) ?? { name: target, errors: [] };
    if (!entry.errors.includes(e.message)) entry.errors.push(e.message);
    grouped.set(key, entry);
  }
  form.setFields([...grouped.values()]);
  return rest;
}
