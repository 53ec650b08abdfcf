import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type BodyOf, type Ok, unwrap } from '../../api/client';

/** Shapes and calls of the notifications admin API (/api/v1/notifications/…), from the generated schema. */
export type NotificationTemplate = Ok<'/api/v1/notifications/templates', 'get'>['items'][number];
export type OutboxItem = Ok<'/api/v1/notifications/outbox', 'get'>['items'][number];
export type OutboxStatus = OutboxItem['status'];
export type TemplateBody = BodyOf<'/api/v1/notifications/templates/{code}', 'put'>;

const TEMPLATES = ['notifications', 'templates'] as const;

export function useTemplates() {
  return useQuery({
    queryKey: TEMPLATES,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/templates')),
  });
}

export function useUpdateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: TemplateBody }) =>
      unwrap(api.PUT('/api/v1/notifications/templates/{code}', { params: { path: { code } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: TEMPLATES }),
  });
}

/** The outbox, newest first, 50 a page; `status` undefined = every status. */
export function useOutbox(status: OutboxStatus | undefined) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'outbox', status ?? 'all'] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/notifications/outbox', {
          params: { query: { limit: 50, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
