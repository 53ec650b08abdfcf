import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, NETWORK_PROBLEM_CODE, toApiError } from './problem';
import type { paths } from './schema';

export const CSRF_COOKIE = 'saola_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Double-submit CSRF: unsafe requests repeat the readable `saola_csrf` cookie in a header. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'include' });
api.use(csrfMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: returns the data, throws ApiError (RFC 9457) otherwise. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError({
      status: 0,
      code: NETWORK_PROBLEM_CODE,
      detail: 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng rồi thử lại.',
    });
  }
  if (!result.response.ok) throw toApiError(result.response, result.error);
  return result.data as T;
}

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of a path's successful (200/201) answer, e.g. `Ok<'/api/v1/auth/me', 'get'>`. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> =
  Responses<paths[P][M]> extends infer R
    ? R extends { 200: infer A }
      ? JsonOf<A>
      : R extends { 201: infer B }
        ? JsonOf<B>
        : never
    : never;

/** The JSON request body of a path/method. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
