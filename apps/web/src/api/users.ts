import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './keys';
import type { NewUser, RoleAssignment, UserDetail, UserPatch, UserStatus } from './types';

export interface UserListQuery {
  q?: string;
  status?: UserStatus;
  agencyId?: string;
}

export function useUserList(query: UserListQuery) {
  return useInfiniteQuery({
    queryKey: keys.userList(query),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useUser(id: string | null) {
  return useQuery({
    queryKey: keys.user(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** After any change to a user: refresh the lists and put the new detail in the cache. */
function useUserChanged() {
  const client = useQueryClient();
  return (user?: UserDetail) => {
    if (user) client.setQueryData(keys.user(user.id), user);
    return client.invalidateQueries({ queryKey: keys.users });
  };
}

export function useCreateUser() {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (body: NewUser) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: (result) => changed(result.user),
  });
}

export function useUpdateUser(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (body: UserPatch) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: (user) => changed(user),
  });
}

export function useLockUser(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST('/api/v1/users/{id}/lock', { params: { path: { id } }, body: { reason } })),
    onSuccess: (user) => changed(user),
  });
}

export function useUnlockUser(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id } } })),
    onSuccess: (user) => changed(user),
  });
}

export function useResetPassword(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id } } })),
    onSuccess: () => changed(),
  });
}

export function useSetRoles(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (assignments: RoleAssignment[]) =>
      unwrap(api.PUT('/api/v1/users/{id}/roles', { params: { path: { id } }, body: { assignments } })),
    onSuccess: (user) => changed(user),
  });
}
