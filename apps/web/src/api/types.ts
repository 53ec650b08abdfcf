import type { BodyOf, Ok } from './client';

/** Named shapes of the API, all derived from the generated schema. */
export type Me = Ok<'/api/v1/auth/me', 'get'>;
export type Grant = Me['grants'][number];
export type LoginResult = Ok<'/api/v1/auth/login', 'post'>;
export type TotpSetup = Ok<'/api/v1/auth/totp/setup', 'post'>;
export type Session = Ok<'/api/v1/auth/sessions', 'get'>['items'][number];
export type ApiToken = Ok<'/api/v1/api-tokens', 'get'>['items'][number];
export type NewApiToken = BodyOf<'/api/v1/api-tokens', 'post'>;
export type AgencyNode = Ok<'/api/v1/agencies/tree', 'get'>[number];
export type Department = AgencyNode['departments'][number];
export type Unit = Ok<'/api/v1/units', 'get'>['items'][number];
export type UnitLevel = Unit['level'];
export type Position = Ok<'/api/v1/positions', 'get'>[number];
export type Role = Ok<'/api/v1/roles', 'get'>[number];
export type UserSummary = Ok<'/api/v1/users', 'get'>['items'][number];
export type UserStatus = UserSummary['status'];
export type UserDetail = Ok<'/api/v1/users/{id}', 'get'>;
export type NewUser = BodyOf<'/api/v1/users', 'post'>;
export type UserPatch = BodyOf<'/api/v1/users/{id}', 'patch'>;
export type RoleAssignment = BodyOf<'/api/v1/users/{id}/roles', 'put'>['assignments'][number];
export type AuditRow = Ok<'/api/v1/audit', 'get'>['items'][number];
export type AuditVerify = Ok<'/api/v1/audit/verify', 'post'>;
export type Holidays = Ok<'/api/v1/calendar/holidays', 'get'>;
export type HolidayKind = Holidays['days'][number]['kind'];
export type CalendarYear = Ok<'/api/v1/calendar/years/{year}', 'get'>;
export type CalendarYearPut = BodyOf<'/api/v1/calendar/years/{year}', 'put'>;
