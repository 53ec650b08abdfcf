import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AgencySummary } from '../org/org.port.js';
import type { DossiersService } from './dossiers.service.js';

const TAG = 'Hồ sơ thủ tục hành chính';
const MAX_DEPTH = 10;

/**
 * The agencies a dossier may be transferred to (liên thông, Nghị định 118/2025/NĐ-CP; article to confirm):
 * every agency of the same province (same top-level ancestor) except the one now responsible. The officer
 * who transfers usually may read only their own agency in the org tree, so the back office needs this list.
 * Only for someone who may see the dossier (same 403/404 as the detail); the server still checks the target
 * on `transfer_to_agency`.
 */
export async function transferTargets(
  org: FastifyInstance['org'],
  currentAgencyId: string,
): Promise<{ id: string; code: string; name: string; kind: string; parentId: string | null }[]> {
  let top: AgencySummary | null = await org.findAgency(currentAgencyId);
  if (!top) return [];
  for (let i = 0; i < MAX_DEPTH && top.parentId; i++) {
    const parent: AgencySummary | null = await org.findAgency(top.parentId);
    if (!parent) break;
    top = parent;
  }
  const ids = (await org.agencySubtree(top.id)).filter((id) => id !== currentAgencyId);
  const agencies = (await Promise.all(ids.map((id) => org.findAgency(id)))).filter(
    (a): a is AgencySummary => a !== null,
  );
  return agencies
    .map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, parentId: a.parentId }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export function dossierTransferTargetsRoutes(service: DossiersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dossiers/:code/transfer-targets',
      {
        schema: {
          tags: [TAG],
          summary: 'Các cơ quan cùng tỉnh có thể nhận hồ sơ chuyển liên thông',
          description: 'Cho người được xem hồ sơ. Không gồm cơ quan đang giải quyết.',
          params: Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) }),
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                code: Type.String(),
                name: Type.String(),
                kind: Type.String(),
                parentId: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          },
        },
      },
      async (request) => {
        const dossier = await service.get(request.principal, request.params.code);
        return transferTargets(app.org, dossier.currentAgencyId);
      },
    );
  };
}
