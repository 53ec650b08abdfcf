import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './keys';

export interface AuditQuery {
  from?: string;
  to?: string;
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  agencyId?: string;
}

export function useAuditList(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: keys.audit(query),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Link to the CSV export with the same filters (a plain GET, the session cookie authenticates it). */
export function auditExportUrl(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  const qs = params.toString();
  return `/api/v1/audit/export.csv${qs ? `?${qs}` : ''}`;
}

export function useAuditVerify() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/audit/verify')) });
}
