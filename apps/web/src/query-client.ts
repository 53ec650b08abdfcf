import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { keys } from './api/keys';
import { ApiError } from './api/problem';

/**
 * One QueryClient for the app. A 401 anywhere means the session ended (timeout, revoked, signed out
 * elsewhere): forget the user so RequireAuth shows the sign-in page. A 403 `password_change_required`
 * means the user must change their password first: reload /auth/me, which shows that screen.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onApiError(error, query.queryKey[0] === keys.me[0]) }),
    mutationCache: new MutationCache({ onError: (error) => onApiError(error, false) }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  function onApiError(error: unknown, isMe: boolean) {
    if (!(error instanceof ApiError) || isMe) return;
    if (error.status === 401 && client.getQueryData(keys.me)) {
      client.setQueryData(keys.sessionEnded, true);
      client.setQueryData(keys.me, null);
    } else if (error.code === 'password_change_required') {
      void client.invalidateQueries({ queryKey: keys.me });
    }
  }
  return client;
}
