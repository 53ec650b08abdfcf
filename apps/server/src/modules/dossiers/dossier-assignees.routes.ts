import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { forbidden, unprocessable } from '../../http/errors.js';
import type { Principal } from '../auth/principal.js';
import { ACTIONS } from './dossier-actions.js';
import type { DossiersService } from './dossiers.service.js';

const TAG = 'Hồ sơ thủ tục hành chính';

type Detail = Awaited<ReturnType<DossiersService['get']>>;

/**
 * The workflow steps the caller may hand the dossier to right now, by the actions that take an `assigneeId`
 * (dossier-actions.ts: receive → the first step; forward, approve → the next step) and that the caller may take.
 */
export function assignableSteps(d: Pick<Detail, 'allowedActions' | 'currentStep' | 'workflow'>): Set<number> {
  const steps = new Set<number>();
  const last = d.workflow.length - 1;
  for (const action of d.allowedActions) {
    if (!ACTIONS[action].optional.includes('assigneeId')) continue;
    if (action === 'receive') steps.add(0);
    else if (d.currentStep !== null && d.currentStep < last) steps.add(d.currentStep + 1);
  }
  return steps;
}

/**
 * The officers a workflow step may be assigned to: those who hold the step's role in the agency now responsible
 * for the dossier (the same check the action makes on `assigneeId`, dossiers.service.ts). Offered only to whoever
 * may assign that step now (403 otherwise; 404 as the detail for a dossier the caller may not see).
 */
export async function stepAssignees(
  org: FastifyInstance['org'],
  service: DossiersService,
  principal: Principal | null,
  code: string,
  stepIndex: number,
) {
  const d = await service.get(principal, code);
  const steps = assignableSteps(d);
  if (steps.size === 0) throw forbidden('Bạn không có thao tác giao việc nào với hồ sơ này lúc này.');
  const step = d.workflow[stepIndex];
  if (!step || !steps.has(stepIndex))
    throw unprocessable('Bước quy trình không hợp lệ.', [
      {
        field: '/step',
        message: `Chỉ có thể giao bước ${[...steps].map((s) => s + 1).join(', ')} của quy trình lúc này.`,
      },
    ]);
  const agency = await org.findAgency(d.currentAgencyId);
  const items = await org.staffWithRole(step.role, d.currentAgencyId);
  return {
    step: { index: stepIndex, key: step.key, name: step.name, role: step.role },
    agencyId: d.currentAgencyId,
    agencyName: agency?.name ?? '',
    items: items.map((u) => ({ id: u.id, username: u.username, fullName: u.fullName, positionCode: u.positionCode })),
  };
}

const Assignees = Type.Object({
  step: Type.Object({ index: Type.Integer(), key: Type.String(), name: Type.String(), role: Type.String() }),
  agencyId: Type.String(),
  agencyName: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      username: Type.String(),
      fullName: Type.String(),
      positionCode: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export function dossierAssigneesRoutes(service: DossiersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dossiers/:code/assignees',
      {
        schema: {
          tags: [TAG],
          summary: 'Cán bộ có thể được giao một bước quy trình của hồ sơ',
          description:
            'Những người giữ vai trò của bước trong cơ quan đang giải quyết hồ sơ. Chỉ cho người đang có thể giao ' +
            'bước đó (tiếp nhận → bước đầu; chuyển bước, phê duyệt → bước tiếp theo).',
          params: Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) }),
          querystring: Type.Object({
            step: Type.Integer({ minimum: 0, maximum: 29, description: 'Số thứ tự bước (từ 0)' }),
          }),
          response: { 200: Assignees },
        },
      },
      async (request) => stepAssignees(app.org, service, request.principal, request.params.code, request.query.step),
    );
  };
}
