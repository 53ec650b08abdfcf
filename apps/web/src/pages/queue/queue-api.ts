import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type BodyOf, type Ok, unwrap } from '../../api/client';

/** Shapes and calls of the queue API (/api/v1/queue/…), derived from the generated schema. */
export type QueueSetup = Ok<'/api/v1/queue/agencies/{agencyId}/setup', 'get'>;
export type QueueCounter = QueueSetup['counters'][number];
export type QueueField = QueueSetup['fields'][number];
export type Desk = Ok<'/api/v1/queue/counters/{id}/desk', 'get'>;
export type QueueTicket = Desk['forMe'][number];
export type QueueStatsRow = Ok<'/api/v1/queue/stats', 'get'>['items'][number];
export type CounterBody = BodyOf<'/api/v1/queue/agencies/{agencyId}/counters', 'post'>;
export type TicketAction = 'recall' | 'start' | 'skip' | 'done';

export function useQueueSetup(agencyId: string | undefined) {
  return useQuery({
    queryKey: ['queue', 'setup', agencyId] as const,
    enabled: !!agencyId,
    queryFn: () =>
      unwrap(api.GET('/api/v1/queue/agencies/{agencyId}/setup', { params: { path: { agencyId: agencyId ?? '' } } })),
  });
}

/** The desk refreshes every few seconds: other counters call numbers and citizens take new ones. */
export function useDesk(counterId: string | undefined) {
  return useQuery({
    queryKey: ['queue', 'desk', counterId] as const,
    enabled: !!counterId,
    refetchInterval: 4000,
    queryFn: () => unwrap(api.GET('/api/v1/queue/counters/{id}/desk', { params: { path: { id: counterId ?? '' } } })),
  });
}

export function useDeskActions(counterId: string | undefined) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['queue', 'desk', counterId] });
  const callNext = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/queue/counters/{id}/call-next', { params: { path: { id: counterId ?? '' } } })),
    onSettled: refresh,
  });
  const act = useMutation({
    mutationFn: ({ action, ticket }: { action: TicketAction; ticket: QueueTicket }) => {
      const opts = { params: { path: { id: ticket.id } }, body: { version: ticket.version } };
      switch (action) {
        case 'recall':
          return unwrap(api.POST('/api/v1/queue/tickets/{id}/recall', opts));
        case 'start':
          return unwrap(api.POST('/api/v1/queue/tickets/{id}/start', opts));
        case 'skip':
          return unwrap(api.POST('/api/v1/queue/tickets/{id}/skip', opts));
        case 'done':
          return unwrap(api.POST('/api/v1/queue/tickets/{id}/done', opts));
      }
    },
    onSettled: refresh,
  });
  const transfer = useMutation({
    mutationFn: ({ ticket, counterId: to, field }: { ticket: QueueTicket; counterId?: string; field?: string }) =>
      unwrap(
        api.POST('/api/v1/queue/tickets/{id}/transfer', {
          params: { path: { id: ticket.id } },
          body: { version: ticket.version, ...(to ? { counterId: to } : {}), ...(field ? { field } : {}) },
        }),
      ),
    onSettled: refresh,
  });
  return { callNext, act, transfer };
}

export function useSetupMutations(agencyId: string | undefined) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['queue'] });
  const saveFields = useMutation({
    mutationFn: (fields: QueueField[]) =>
      unwrap(
        api.PUT('/api/v1/queue/agencies/{agencyId}/fields', {
          params: { path: { agencyId: agencyId ?? '' } },
          body: { fields },
        }),
      ),
    onSuccess: refresh,
  });
  const createCounter = useMutation({
    mutationFn: (body: CounterBody) =>
      unwrap(
        api.POST('/api/v1/queue/agencies/{agencyId}/counters', {
          params: { path: { agencyId: agencyId ?? '' } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
  const updateCounter = useMutation({
    mutationFn: ({ id, body }: { id: string; body: CounterBody & { version: number } }) =>
      unwrap(api.PUT('/api/v1/queue/counters/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  const deleteCounter = useMutation({
    mutationFn: (c: QueueCounter) =>
      unwrap(
        api.DELETE('/api/v1/queue/counters/{id}', {
          params: { path: { id: c.id }, query: { version: c.version } },
        }),
      ),
    onSuccess: refresh,
  });
  return { saveFields, createCounter, updateCounter, deleteCounter };
}

export function useQueueStats(q: { agencyId: string; from: string; to: string } | null) {
  return useQuery({
    queryKey: ['queue', 'stats', q] as const,
    enabled: !!q,
    queryFn: () =>
      unwrap(api.GET('/api/v1/queue/stats', { params: { query: q ?? { agencyId: '', from: '', to: '' } } })),
  });
}
