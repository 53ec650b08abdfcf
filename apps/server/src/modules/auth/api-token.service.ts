import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unprocessable, notFound, type FieldError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import * as repo from './api-token.repository.js';
import type { TokenRow } from './api-token.repository.js';
import { isPermission, type Permission } from './permissions.js';
import { agenciesWith, assertCan, can } from './policy.js';
import type { Principal } from './principal.js';
import { hashToken } from './session.service.js';

/**
 * API tokens for integrations: `saola_<43 random characters>`, stored as SHA-256 only, shown once.
 * A token acts in exactly one agency with exactly its scopes (permission names). Its creator must
 * hold tokens.manage there and every scope given, so a token never exceeds its creator's rights.
 * A token can never manage tokens itself.
 */
export const TOKEN_PREFIX = 'saola_';
const NOT_GRANTABLE: Permission[] = ['tokens.manage'];
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  agencyId: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function toView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    agencyId: row.agency_id,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** The principal of a bearer token, or null when it is unknown, revoked or expired. */
export async function resolveTokenPrincipal(app: FastifyInstance, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = app.database.db;
  const row = await repo.findTokenByHash(db, hashToken(token));
  if (!row) return null;
  const now = app.clock();
  if (row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now.getTime())) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    await repo.touchToken(db, row.id, now);
  }
  const permissions = row.scopes.filter(isPermission).filter((p) => !NOT_GRANTABLE.includes(p));
  return {
    kind: 'token',
    tokenId: row.id,
    name: row.name,
    scopes: row.scopes,
    grants: [{ roleCode: 'api_token', agencyId: row.agency_id, agencyIds: [row.agency_id], permissions }],
  };
}

export async function listTokens(app: FastifyInstance, request: FastifyRequest): Promise<ApiTokenView[]> {
  assertCan(request.principal, 'tokens.manage');
  const agencies = [...agenciesWith(request.principal, 'tokens.manage')];
  return (await repo.listTokens(app.database.db, agencies)).map(toView);
}

export async function createToken(
  app: FastifyInstance,
  request: FastifyRequest,
  input: { name: string; scopes: string[]; agencyId: string; expiresAt?: string | undefined },
): Promise<ApiTokenView & { token: string }> {
  const principal = request.principal;
  assertCan(principal, 'tokens.manage', input.agencyId);
  const now = app.clock();
  const errors: FieldError[] = [];
  const scopes = [...new Set(input.scopes)];
  scopes.forEach((scope, i) => {
    if (!isPermission(scope)) errors.push({ field: `/scopes/${i}`, message: `Quyền "${scope}" không tồn tại.` });
    else if (NOT_GRANTABLE.includes(scope))
      errors.push({ field: `/scopes/${i}`, message: 'Khóa API không được cấp quyền quản lý khóa API.' });
    else if (!can(principal, scope, input.agencyId))
      errors.push({
        field: `/scopes/${i}`,
        message: `Bạn không có quyền "${scope}" tại cơ quan này nên không thể cấp cho khóa API.`,
      });
  });
  let expiresAt: Date | null = null;
  if (input.expiresAt) {
    expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) {
      errors.push({ field: '/expiresAt', message: 'Thời điểm hết hạn phải ở tương lai.' });
    }
  }
  if (errors.length) throw unprocessable('Khóa API chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.', errors);

  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const created = await app.database.db.transaction().execute(async (trx) => {
    const row = await repo.insertToken(trx, {
      name: input.name.trim(),
      tokenHash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      scopes,
      agencyId: input.agencyId,
      createdBy: principal?.kind === 'staff' ? principal.userId : null,
      expiresAt,
      now,
    });
    const view = toView(row);
    await app.audit.record(
      actorOf(request),
      { action: 'api_token.create', entityType: 'api_token', entityId: row.id, agencyId: row.agency_id, after: view },
      trx,
    );
    return view;
  });
  return { ...created, token };
}

export async function revokeToken(app: FastifyInstance, request: FastifyRequest, id: string): Promise<void> {
  assertCan(request.principal, 'tokens.manage');
  const db = app.database.db;
  const row = await repo.findToken(db, id);
  if (!row) throw notFound('Không tìm thấy khóa API.');
  assertCan(request.principal, 'tokens.manage', row.agency_id);
  if (row.revoked_at) return;
  const principal = request.principal;
  const now = app.clock();
  await db.transaction().execute(async (trx) => {
    const done = await repo.revokeToken(trx, id, principal?.kind === 'staff' ? principal.userId : null, now);
    if (!done) return;
    await app.audit.record(
      actorOf(request),
      {
        action: 'api_token.revoke',
        entityType: 'api_token',
        entityId: id,
        agencyId: row.agency_id,
        before: toView(row),
        after: { revokedAt: now.toISOString() },
      },
      trx,
    );
  });
}
