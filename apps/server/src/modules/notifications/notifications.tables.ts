/** Kysely row types of the notifications module's tables (kept in step with its migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationsTables {}
