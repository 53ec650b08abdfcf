import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type BodyOf, type Ok } from './client';

/** Shapes of the dossiers API, derived from the generated schema. */
export type DossierList = Ok<'/api/v1/dossiers', 'get'>;
export type DossierListItem = DossierList['items'][number];
export type DossierCounts = DossierList['counts'];
export type DossierDetail = Ok<'/api/v1/dossiers/{code}', 'get'>;
export type DossierStatus = DossierListItem['status'];
export type DeadlineStatus = NonNullable<DossierListItem['deadlineStatus']>;
export type DossierActionName = DossierDetail['allowedActions'][number];
export type DossierEvent = DossierDetail['events'][number];
export type ActionBody = BodyOf<'/api/v1/dossiers/{code}/actions/{action}', 'post'>;
export type ReceptionBody = BodyOf<'/api/v1/dossiers', 'post'>;
export type ReceptionResult = Ok<'/api/v1/dossiers', 'post'>;
export type ReceivedComponent = ReceptionBody['components'][number];
export type ProcedureListItem = Ok<'/api/v1/procedures', 'get'>['items'][number];
export type ProcedureView = Ok<'/api/v1/procedures/{id}', 'get'>;
export type ProcedureComponent = ProcedureView['components'][number];
export type ProcedureFee = ProcedureView['fees'][number];
export type DossierScope = 'mine' | 'department' | 'agency';

export const DOSSIER_STATUSES: readonly DossierStatus[] = [
  'submitted',
  'supplement_requested',
  'received',
  'transferred',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
  'rejected',
  'stopped',
];

/**
 * Inbox filters. procedureCode, channel and the received-date range are the filters engineer A2 adds to
 * GET /dossiers; they are sent only when set, so the inbox works before and after.
 */
export interface DossierListQuery {
  scope: DossierScope;
  status?: DossierStatus[];
  q?: string;
  procedureCode?: string;
  channel?: string;
  receivedFrom?: string;
  receivedTo?: string;
}

/** Files of a dossier (component scans and results with their result codes). */
export type DossierFile = Ok<'/api/v1/dossiers/{code}/files', 'get'>['items'][number];
/** One row of the process control sheet (Phiếu kiểm soát quá trình, Mẫu 06). */
export type ControlSheetRow = Ok<'/api/v1/dossiers/{code}/control-sheet', 'get'>['rows'][number];
export type TransferTarget = Ok<'/api/v1/dossiers/{code}/transfer-targets', 'get'>[number];
export type StepAssignees = Ok<'/api/v1/dossiers/{code}/assignees', 'get'>;
export type ReceptionTargets = Ok<'/api/v1/dossiers/reception-targets', 'get'>;

export const dossierKeys = {
  all: ['dossiers'] as const,
  list: (query: DossierListQuery) => ['dossiers', 'list', query] as const,
  detail: (code: string) => ['dossiers', 'detail', code] as const,
  files: (code: string) => ['dossiers', 'files', code] as const,
  controlSheet: (code: string) => ['dossiers', 'control-sheet', code] as const,
  procedures: (q: string) => ['procedures', 'search', q] as const,
  procedure: (id: string) => ['procedures', 'detail', id] as const,
  publicProcedure: (code: string) => ['procedures', 'public', code] as const,
  assignees: (code: string, step: number) => ['dossiers', 'assignees', code, step] as const,
  receptionTargets: (agencyId: string, procedureCode: string) =>
    ['dossiers', 'reception-targets', agencyId, procedureCode] as const,
  transferTargets: (code: string) => ['dossiers', 'transfer-targets', code] as const,
};

const enc = encodeURIComponent;
export const dossierUrls = {
  file: (code: string, fileId: string) => `/api/v1/dossiers/${enc(code)}/files/${enc(fileId)}`,
  paper: (code: string, number: string) => `/api/v1/dossiers/${enc(code)}/papers/${number}.pdf`,
  ledger: (agencyId: string, from: string, to: string) =>
    `/api/v1/dossiers/ledger.xlsx?agencyId=${enc(agencyId)}&from=${enc(from)}&to=${enc(to)}`,
};

export function useDossierList(query: DossierListQuery) {
  return useInfiniteQuery({
    queryKey: dossierKeys.list(query),
    queryFn: ({ pageParam }) => {
      const params: Record<string, unknown> = { limit: 50 };
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) params[key] = value;
      }
      if (pageParam) params.cursor = pageParam;
      return unwrap(api.GET('/api/v1/dossiers', { params: { query: params } }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useDossier(code: string) {
  return useQuery({
    queryKey: dossierKeys.detail(code),
    queryFn: () => unwrap(api.GET('/api/v1/dossiers/{code}', { params: { path: { code } } })),
  });
}

/** Files of the dossier; a 404 (route not deployed yet) is shown as an error, not as "no files". */
export function useDossierFiles(code: string) {
  return useQuery({
    queryKey: dossierKeys.files(code),
    queryFn: async () => (await unwrap(api.GET('/api/v1/dossiers/{code}/files', { params: { path: { code } } }))).items,
  });
}

export function useControlSheet(code: string) {
  return useQuery({
    queryKey: dossierKeys.controlSheet(code),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/dossiers/{code}/control-sheet', { params: { path: { code } } }))).rows,
  });
}

/** Agencies of the same province that may receive the dossier by transfer (liên thông). */
export function useTransferTargets(code: string, enabled: boolean) {
  return useQuery({
    queryKey: dossierKeys.transferTargets(code),
    queryFn: () => unwrap(api.GET('/api/v1/dossiers/{code}/transfer-targets', { params: { path: { code } } })),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Runs one action; the caller handles 409 (stale version) and 422 (field problems). */
export function useDossierAction(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: DossierActionName; body: ActionBody }) =>
      unwrap(api.POST('/api/v1/dossiers/{code}/actions/{action}', { params: { path: { code, action } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: dossierKeys.all }),
  });
}

export function useReceiveDossier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ReceptionBody; idempotencyKey: string }) =>
      unwrap(api.POST('/api/v1/dossiers', { body, headers: { 'idempotency-key': idempotencyKey } })),
    onSuccess: () => client.invalidateQueries({ queryKey: dossierKeys.all }),
  });
}

export interface UploadInput {
  code: string;
  kind: 'component' | 'result';
  component?: string;
  sign?: boolean;
  file: File;
}

/** Multipart upload to POST /dossiers/{code}/files (fields before the file, as @fastify/multipart reads them). */
export async function uploadDossierFile(input: UploadInput): Promise<DossierFile> {
  const form = new FormData();
  form.append('kind', input.kind);
  if (input.component) form.append('component', input.component);
  if (input.sign !== undefined) form.append('sign', input.sign ? 'true' : 'false');
  form.append('file', input.file, input.file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  return unwrap<DossierFile>(
    fetch(`/api/v1/dossiers/${enc(input.code)}/files`, {
      method: 'POST',
      credentials: 'include',
      headers,
      body: form,
    }).then(async (response) => {
      const body: unknown = await response.json().catch(() => undefined);
      return { data: response.ok ? (body as DossierFile) : undefined, error: response.ok ? undefined : body, response };
    }),
  );
}

export function useUploadDossierFile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: uploadDossierFile,
    onSuccess: (_file, input) => client.invalidateQueries({ queryKey: dossierKeys.files(input.code) }),
  });
}

/** Published procedures matching `q` (name without diacritics or code). */
export function useProcedureSearch(q: string) {
  return useQuery({
    queryKey: dossierKeys.procedures(q),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/procedures', {
          params: { query: { status: 'published', limit: 30, ...(q ? { q } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useProcedure(id: string | null) {
  return useQuery({
    queryKey: dossierKeys.procedure(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/procedures/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/** The public card of a procedure (fees, components, form) by its code: readable by every officer. */
export function usePublicProcedure(code: string | undefined) {
  return useQuery({
    queryKey: dossierKeys.publicProcedure(code ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/public/procedures/{code}', { params: { path: { code: code ?? '' } } })),
    enabled: !!code,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Officers of an agency for the assignee select. GET /users needs users.read (leaders have it,
 * specialists do not): without it the select is not offered and the step stays with the role.
 */
/**
 * The officers a workflow step may be assigned to: those holding the step's role in the dossier's agency
 * (GET /dossiers/{code}/assignees, offered only to whoever may assign that step now).
 */
export function useAssignees(code: string, step: number | null, enabled: boolean) {
  return useQuery({
    queryKey: dossierKeys.assignees(code, step ?? -1),
    queryFn: () =>
      unwrap(api.GET('/api/v1/dossiers/{code}/assignees', { params: { path: { code }, query: { step: step ?? 0 } } })),
    enabled: enabled && step !== null,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * The agencies a counter may receive a procedure's dossier for: for a Trung tâm Phục vụ hành chính công, the
 * agencies of its province that implement the procedure (province-wide rule); otherwise none (`isCentre` false).
 */
export function useReceptionTargets(agencyId: string | undefined, procedureCode: string | undefined) {
  return useQuery({
    queryKey: dossierKeys.receptionTargets(agencyId ?? '', procedureCode ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dossiers/reception-targets', {
          params: { query: { agencyId: agencyId ?? '', procedureCode: procedureCode ?? '' } },
        }),
      ),
    enabled: !!agencyId && !!procedureCode,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The catalogue entry (working copy) of a procedure by its code: fees, components, form schema, workflow. */
export function useProcedureByCode(code: string | undefined) {
  return useQuery({
    queryKey: ['procedures', 'by-code', code ?? ''] as const,
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/procedures', { params: { query: { q: code ?? '', limit: 20 } } }));
      const item = page.items.find((p) => p.code === code);
      if (!item) return null;
      return unwrap(api.GET('/api/v1/procedures/{id}', { params: { path: { id: item.id } } }));
    },
    enabled: !!code,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
