import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { forbidden, notFound, unauthorized, unprocessable } from '../../http/errors.js';
import { assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { AgencySummary } from '../org/org.port.js';

const TAG = 'Hồ sơ thủ tục hành chính';
/** Role that does the counter reception (dossier-actions.ts, `receive`). */
const RECEPTION_ROLE = 'can_bo_mot_cua';
const MAX_DEPTH = 10;

async function topOf(org: FastifyInstance['org'], agency: AgencySummary): Promise<string> {
  let current = agency;
  for (let i = 0; i < MAX_DEPTH && current.parentId; i++) {
    const parent = await org.findAgency(current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current.id;
}

/**
 * Agencies a counter may receive a dossier of `procedureCode` for. Province-wide rule: a Trung tâm Phục vụ hành
 * chính công receives dossiers regardless of where the applicant lives within the province and passes them to the
 * competent agency (Nghị định 118/2025/NĐ-CP; article to confirm) — so for a centre: every agency of its province
 * (same top-level ancestor) that implements the procedure, the centre itself included when it implements it.
 * Any other agency receives only for itself: `isCentre` false and no items. The reception route checks the same
 * rules again on `forAgencyId` (dossier-intake.ts).
 * Only for a one-stop officer of `agencyId` (403 if the caller has no such role anywhere, 404 not at this agency).
 */
export async function receptionTargets(
  app: Pick<FastifyInstance, 'org' | 'procedures'>,
  principal: Principal | null,
  agencyId: string,
  procedureCode: string,
) {
  if (!principal) throw unauthorized();
  assertCan(principal, 'dossiers.read', agencyId);
  const grants = principal.kind !== 'citizen' ? principal.grants : [];
  const desks = grants.filter((g) => g.roleCode === RECEPTION_ROLE);
  if (desks.length === 0) throw forbidden('Bạn không phải cán bộ tiếp nhận hồ sơ.');
  if (!desks.some((g) => g.agencyIds.includes(agencyId))) throw notFound();
  const receiving = await app.org.findAgency(agencyId);
  if (!receiving) throw notFound();
  const procedure = await app.procedures.findPublished(procedureCode);
  if (!procedure)
    throw unprocessable('Thủ tục không tồn tại hoặc chưa được công bố.', [
      { field: '/procedureCode', message: 'Không có thủ tục đang áp dụng với mã này.' },
    ]);
  const isCentre = receiving.kind === 'trung_tam_phvhc';
  if (!isCentre) return { isCentre, items: [] };
  const province = await topOf(app.org, receiving);
  const items: { id: string; code: string; name: string; kind: string }[] = [];
  for (const id of procedure.agencyIds) {
    const agency = await app.org.findAgency(id);
    if (agency && (await topOf(app.org, agency)) === province)
      items.push({ id: agency.id, code: agency.code, name: agency.name, kind: agency.kind });
  }
  items.sort((x, y) => x.name.localeCompare(y.name, 'vi'));
  return { isCentre, items };
}

export function dossierReceptionTargetsRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dossiers/reception-targets',
      {
        schema: {
          tags: [TAG],
          summary: 'Các cơ quan giải quyết mà quầy tiếp nhận có thể nhận hồ sơ thay',
          description:
            'Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ không phụ thuộc nơi cư trú trong tỉnh (Nghị định ' +
            '118/2025/NĐ-CP): trả về các cơ quan cùng tỉnh thực hiện thủ tục. Cơ quan khác chỉ tiếp nhận cho chính mình ' +
            '(isCentre false, danh sách rỗng). Chỉ cho cán bộ một cửa của cơ quan tiếp nhận.',
          querystring: Type.Object({
            agencyId: Type.String({ format: 'uuid', description: 'Cơ quan tiếp nhận (quầy)' }),
            procedureCode: Type.String({ minLength: 1, maxLength: 130, description: 'Mã thủ tục' }),
          }),
          response: {
            200: Type.Object({
              isCentre: Type.Boolean({ description: 'Cơ quan tiếp nhận là Trung tâm Phục vụ hành chính công' }),
              items: Type.Array(
                Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), kind: Type.String() }),
              ),
            }),
          },
        },
      },
      async (request) => receptionTargets(app, request.principal, request.query.agencyId, request.query.procedureCode),
    );
  };
}
