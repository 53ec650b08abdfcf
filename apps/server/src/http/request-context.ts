import type { FastifyRequest } from 'fastify';
import type { Principal } from '../modules/auth/principal.js';

/** Who did something, and from where: what the audit log records for every change. */
export interface ActorContext {
  actorKind: 'staff' | 'citizen' | 'token' | 'anonymous' | 'system';
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function actorOf(request: FastifyRequest): ActorContext {
  const p: Principal | null = request.principal;
  const base = {
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
    requestId: request.id,
  };
  if (!p) return { actorKind: 'anonymous', actorId: null, actorName: null, ...base };
  switch (p.kind) {
    case 'staff':
      return { actorKind: 'staff', actorId: p.userId, actorName: p.username, ...base };
    case 'citizen':
      return { actorKind: 'citizen', actorId: p.citizenId, actorName: p.fullName, ...base };
    case 'token':
      return { actorKind: 'token', actorId: p.tokenId, actorName: p.name, ...base };
  }
}

export const SYSTEM_ACTOR: ActorContext = {
  actorKind: 'system',
  actorId: null,
  actorName: 'saola',
  ip: null,
  userAgent: null,
  requestId: null,
};
