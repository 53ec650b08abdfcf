import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type BodyOf, type Ok } from './client';

/** Shapes of the procedure catalogue API, derived from the generated schema. */
export type ProcedureListPage = Ok<'/api/v1/procedures', 'get'>;
export type ProcedureSummary = ProcedureListPage['items'][number];
export type Procedure = Ok<'/api/v1/procedures/{id}', 'get'>;
export type ProcedureVersion = Ok<'/api/v1/procedures/{id}/versions', 'get'>[number];
export type ProcedureInput = BodyOf<'/api/v1/procedures', 'post'>;
export type ProcedureUpdate = BodyOf<'/api/v1/procedures/{id}', 'put'>;
export type ImportResult = Ok<'/api/v1/procedures/import', 'post'>;
export type ProcedureStatus = Procedure['status'];
export type ProcedureLevel = Procedure['level'];
export type OnlineMode = Procedure['onlineMode'];
export type Fee = Procedure['fees'][number];
export type Component = Procedure['components'][number];
export type WorkflowStep = Procedure['workflow'][number];
export type LegalDocument = Procedure['legalBasis'][number];
export type ExchangeEntry = BodyOf<'/api/v1/procedures/import', 'post'>[number];

export interface ProcedureListQuery {
  q?: string;
  field?: string;
  level?: ProcedureLevel;
  status?: ProcedureStatus;
}

export const procedureKeys = {
  all: ['procedures'] as const,
  list: (query: ProcedureListQuery) => ['procedures', 'list', query] as const,
  detail: (id: string) => ['procedures', 'detail', id] as const,
  versions: (id: string) => ['procedures', 'versions', id] as const,
};

export const EXPORT_JSON_URL = '/api/v1/procedures/export';
export const EXPORT_XLSX_URL = '/api/v1/procedures/export.xlsx';

export function useProcedureList(query: ProcedureListQuery) {
  return useInfiniteQuery({
    queryKey: procedureKeys.list(query),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/procedures', {
          params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useProcedure(id: string | null) {
  return useQuery({
    queryKey: procedureKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/procedures/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

export function useProcedureVersions(id: string) {
  return useQuery({
    queryKey: procedureKeys.versions(id),
    queryFn: () => unwrap(api.GET('/api/v1/procedures/{id}/versions', { params: { path: { id } } })),
  });
}

/** After a change: put the new detail in the cache and refresh lists and versions. */
function useChanged() {
  const client = useQueryClient();
  return (p?: Procedure) => {
    if (p) client.setQueryData(procedureKeys.detail(p.id), p);
    return client.invalidateQueries({ queryKey: procedureKeys.all });
  };
}

export function useCreateProcedure() {
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: ProcedureInput) => unwrap(api.POST('/api/v1/procedures', { body })),
    onSuccess: (p) => changed(p),
  });
}

export function useUpdateProcedure(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: ProcedureUpdate) =>
      unwrap(api.PUT('/api/v1/procedures/{id}', { params: { path: { id } }, body })),
    onSuccess: (p) => changed(p),
  });
}

export function usePublishProcedure(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.POST('/api/v1/procedures/{id}/publish', { params: { path: { id } }, body: { version } })),
    onSuccess: (p) => changed(p),
  });
}

export function useArchiveProcedure(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.POST('/api/v1/procedures/{id}/archive', { params: { path: { id } }, body: { version } })),
    onSuccess: (p) => changed(p),
  });
}

/** Imports a JSON file in the export format (the file is parsed here; the server validates it). */
export function useImportJson() {
  const changed = useChanged();
  return useMutation({
    mutationFn: async (file: File) => {
      let body: ExchangeEntry[];
      try {
        body = JSON.parse(await file.text()) as ExchangeEntry[];
      } catch {
        throw new SyntaxError('json');
      }
      return unwrap(api.POST('/api/v1/procedures/import', { body }));
    },
    onSuccess: () => changed(),
  });
}

/** Multipart upload of an XLSX workbook to POST /procedures/import.xlsx. */
export async function importXlsx(file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  return unwrap<ImportResult>(
    fetch('/api/v1/procedures/import.xlsx', { method: 'POST', credentials: 'include', headers, body: form }).then(
      async (response) => {
        const body: unknown = await response.json().catch(() => undefined);
        return {
          data: response.ok ? (body as ImportResult) : undefined,
          error: response.ok ? undefined : body,
          response,
        };
      },
    ),
  );
}

export function useImportXlsx() {
  const changed = useChanged();
  return useMutation({ mutationFn: importXlsx, onSuccess: () => changed() });
}
