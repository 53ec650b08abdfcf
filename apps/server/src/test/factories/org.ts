import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { OrgRepository, type AgencyRow } from '../../modules/org/org.repository.js';
import type { AgencyKind } from '../../modules/org/org.tables.js';
import { UsersRepository } from '../../modules/org/users.repository.js';

/**
 * Test factories of the org module: agencies, departments, users and role assignments written
 * through the module's own repositories, and a real sign-in (POST /api/v1/auth/login, with the
 * TOTP second factor when the role requires it) that yields the cookies and CSRF header.
 */
export const ORG_TEST_PASSWORD = 'Kiem@Thu-2026-org';

let counter = 0;
const unique = () => `${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

/** A fresh, well-formed electronic identifier code (QĐ 20/2020/QĐ-TTg shape), unique per call. */
function agencyCode(): string {
  const n = randomBytes(4).readUInt32BE(0);
  return `${String(n % 1000).padStart(3, '0')}.${String((n >>> 10) % 100).padStart(2, '0')}.${String(counter++ % 100).padStart(2, '0')}.T${String((n >>> 20) % 100).padStart(2, '0')}`;
}

export async function createAgency(
  app: FastifyInstance,
  overrides: {
    name?: string;
    kind?: AgencyKind;
    parentId?: string | null;
    unitCode?: string | null;
    code?: string;
  } = {},
): Promise<AgencyRow> {
  return new OrgRepository(app.database.db).insertAgency({
    code: overrides.code ?? agencyCode(),
    name: overrides.name ?? `UBND xã Thử Nghiệm ${unique()}`,
    kind: overrides.kind ?? 'ubnd_xa',
    unitCode: overrides.unitCode ?? null,
    parentId: overrides.parentId ?? null,
  });
}

export async function createDepartment(
  app: FastifyInstance,
  agencyId: string,
  overrides: { code?: string; name?: string } = {},
) {
  return new OrgRepository(app.database.db).insertDepartment({
    agencyId,
    code: overrides.code ?? `pb_${unique()}`,
    name: overrides.name ?? 'Phòng Thử nghiệm',
  });
}

export interface RoleSpec {
  roleCode: string;
  /** Defaults to the user's own agency. */
  agencyId?: string;
  includeSubordinates?: boolean;
}

export interface OrgTestUser {
  id: string;
  username: string;
  password: string;
  agencyId: string;
}

/** A staff user in `agencyId` holding `roles`, with a password that needs no change (unless asked). */
export async function createUser(
  app: FastifyInstance,
  options: {
    agencyId: string;
    username?: string;
    fullName?: string;
    departmentId?: string | null;
    roles?: RoleSpec[];
    password?: string;
    mustChangePassword?: boolean;
  },
): Promise<OrgTestUser> {
  const users = new UsersRepository(app.database.db);
  const username = options.username ?? `cb.${unique()}`;
  const id = await users.insert({
    username,
    fullName: options.fullName ?? `Cán bộ ${username}`,
    email: null,
    phone: null,
    agencyId: options.agencyId,
    departmentId: options.departmentId ?? null,
    positionCode: null,
  });
  for (const r of options.roles ?? []) {
    await users.addAssignment({
      userId: id,
      roleCode: r.roleCode,
      agencyId: r.agencyId ?? options.agencyId,
      includeSubordinates: r.includeSubordinates ?? false,
      createdBy: null,
    });
  }
  const password = options.password ?? ORG_TEST_PASSWORD;
  await app.auth.setPassword(id, password, { mustChange: options.mustChangePassword ?? false });
  return { id, username, password, agencyId: options.agencyId };
}

/** Headers of a signed-in staff session: the session cookie and the CSRF double-submit header. */
export interface Session {
  cookie: string;
  'x-csrf-token': string;
}

const totpSecrets = new Map<string, string>();
const totpNow = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });

function sessionFrom(res: LightMyRequestResponse): Session {
  const cookies = new Map(res.cookies.map((c) => [c.name, c.value]));
  const session = cookies.get('saola_session');
  const csrf = cookies.get('saola_csrf');
  if (!session || !csrf) throw new Error(`Đăng nhập không trả cookie phiên: ${res.statusCode} ${res.body}`);
  return { cookie: `saola_session=${session}; saola_csrf=${csrf}`, 'x-csrf-token': csrf };
}

/**
 * Signs in through the real API. A role that requires the second factor (quan_tri) goes through
 * the first-sign-in TOTP setup once; later sign-ins of the same user use the stored secret.
 */
export async function signIn(app: FastifyInstance, user: { username: string; password: string }): Promise<Session> {
  // Each sign-in from its own loopback address, so that the per-IP sign-in rate limit of a test file is not reached.
  const remoteAddress = `127.0.${Math.floor(counter / 250) % 250}.${(counter++ % 250) + 2}`;
  const post = (url: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/v1${url}`, payload, remoteAddress });
  const res = await post('/auth/login', { username: user.username, password: user.password });
  if (res.statusCode !== 200) throw new Error(`Đăng nhập thất bại: ${res.statusCode} ${res.body}`);
  const body = res.json<{ status: string; challengeId?: string }>();
  if (body.status === 'ok') return sessionFrom(res);
  const challengeId = body.challengeId ?? '';
  let secret = totpSecrets.get(user.username);
  if (body.status === 'totp_setup_required') {
    const setup = await post('/auth/totp/setup', { challengeId });
    if (setup.statusCode !== 200) throw new Error(`Thiết lập TOTP thất bại: ${setup.statusCode} ${setup.body}`);
    secret = setup.json<{ secret: string }>().secret;
    totpSecrets.set(user.username, secret);
  }
  if (!secret) throw new Error(`Không có khóa TOTP của ${user.username}`);
  // A code works once per 30-second step: a second sign-in in the same step uses the next step's code.
  const at = new Date(app.clock().getTime() + (body.status === 'totp_required' ? 30_000 : 0));
  const done = await post('/auth/login/totp', { challengeId, code: totpNow(secret, at) });
  if (done.statusCode !== 200) throw new Error(`Bước TOTP thất bại: ${done.statusCode} ${done.body}`);
  return sessionFrom(done);
}
