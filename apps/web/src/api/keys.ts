/** TanStack Query keys, one place so that mutations invalidate the right lists. */
export const keys = {
  me: ['me'] as const,
  /** Set when a request got 401 while signed in: the sign-in page says the session ended. */
  sessionEnded: ['session-ended'] as const,
  sessions: ['auth', 'sessions'] as const,
  tokens: ['api-tokens'] as const,
  agencyTree: ['agencies', 'tree'] as const,
  positions: ['positions'] as const,
  roles: ['roles'] as const,
  units: (query: object) => ['units', query] as const,
  unitResolve: (code: string) => ['units', 'resolve', code] as const,
  users: ['users'] as const,
  userList: (query: object) => ['users', 'list', query] as const,
  user: (id: string) => ['users', 'detail', id] as const,
  audit: (query: object) => ['audit', query] as const,
  holidays: (year: number) => ['calendar', 'holidays', year] as const,
  calendarYear: (year: number) => ['calendar', 'year', year] as const,
};
