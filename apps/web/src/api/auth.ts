import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, CSRF_COOKIE, readCookie, unwrap } from './client';
import { keys } from './keys';
import { ApiError } from './problem';
import type { Me } from './types';

/** The signed-in staff member, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  // The readable CSRF cookie lives exactly as long as a session: without it nobody is signed in,
  // so skip the request (and the 401 it would log in the console).
  if (!readCookie(CSRF_COOKIE)) return null;
  try {
    return await unwrap(api.GET('/api/v1/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
  });
}

export function useLoginTotp() {
  return useMutation({
    mutationFn: (body: { challengeId: string; code: string }) => unwrap(api.POST('/api/v1/auth/login/totp', { body })),
  });
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: (body: { challengeId?: string }) => unwrap(api.POST('/api/v1/auth/totp/setup', { body })),
  });
}

export function useTotpEnable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/auth/totp/enable', { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useTotpDisable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST('/api/v1/auth/totp/disable', { body: { password } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/v1/auth/password', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

/** Signs out (this session or every session) and forgets every cached answer. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (everywhere: boolean) => {
      if (everywhere) await unwrap(api.POST('/api/v1/auth/logout-all'));
      else await unwrap(api.POST('/api/v1/auth/logout'));
    },
    onSettled: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
      client.setQueryData(keys.me, null);
    },
  });
}

export function useSessions() {
  return useQuery({ queryKey: keys.sessions, queryFn: () => unwrap(api.GET('/api/v1/auth/sessions')) });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sessions }),
  });
}
