import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../../http/errors.js';
import { NetworkList } from './ip-network.js';

const cache = new WeakMap<object, NetworkList>();

function networksOf(request: FastifyRequest): NetworkList {
  const config = request.server.config;
  let list = cache.get(config);
  if (!list) {
    list = new NetworkList(config.adminNetworks);
    cache.set(config, list);
  }
  return list;
}

/**
 * preHandler for administration routes (users.manage, roles.assign, audit, tokens…): only from
 * the networks in ADMIN_NETWORKS (QĐ 742/QĐ-BTTTT: administration reachable only from configured
 * networks). Behind a reverse proxy set TRUST_PROXY=true so that request.ip is the client's.
 *
 *   app.post('/users', { preHandler: requireAdminNetwork, schema }, handler)
 */
export async function requireAdminNetwork(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!networksOf(request).contains(request.ip)) {
    throw forbidden(
      'Chức năng quản trị chỉ dùng được từ mạng nội bộ được cấu hình. Vui lòng truy cập từ mạng của cơ quan.',
      'admin_network_required',
    );
  }
}
