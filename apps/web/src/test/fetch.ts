/**
 * A swappable `fetch` for unit tests. The API client (openapi-fetch) keeps the `fetch` it finds when it is
 * created, so setup.ts installs this delegating one before any test module loads; each test sets the handler.
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

let handler: FetchHandler = (request) => {
  throw new Error(`Unexpected request in a unit test: ${request.method} ${request.url}`);
};

/** Every request the API client made since the last `setFetchHandler`, in order. */
export const requests: Request[] = [];

export function setFetchHandler(next: FetchHandler): void {
  handler = next;
  requests.length = 0;
}

export function installFetch(): void {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    return handler(request);
  };
}

/** A JSON answer (problem+json when `status` is 4xx/5xx and the body has a `code`). */
export function json(body: unknown, status = 200): Response {
  const problem = status >= 400 && typeof body === 'object' && body !== null && 'code' in body;
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
  });
}
