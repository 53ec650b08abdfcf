/** Kysely row types of the privacy module's tables (kept in step with its migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PrivacyTables {}
