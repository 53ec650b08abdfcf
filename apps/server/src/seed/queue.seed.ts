import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { registerDemoSeeder, type DemoLogin } from './demo.js';

/** Bộ phận Một cửa of UBND phường Đồng Hới (org.seed.ts). */
const AGENCY_CODE = '000.00.61.H50';

/** The commune-level fields of the demo catalogue (data/procedures/thu-tuc.json), one kiosk letter each. */
export const DEMO_QUEUE_FIELDS = [
  { field: 'Hộ tịch', prefix: 'A' },
  { field: 'Chứng thực', prefix: 'B' },
  { field: 'Đăng ký kinh doanh hộ kinh doanh', prefix: 'C' },
  { field: 'Hoạt động xây dựng', prefix: 'D' },
];

export const DEMO_COUNTERS = [
  { code: '1', name: 'Quầy 1', fields: ['Hộ tịch'] },
  { code: '2', name: 'Quầy 2', fields: ['Hộ tịch', 'Chứng thực'] },
  { code: '3', name: 'Quầy 3', fields: ['Chứng thực', 'Đăng ký kinh doanh hộ kinh doanh'] },
  { code: '4', name: 'Quầy 4', fields: ['Đăng ký kinh doanh hộ kinh doanh', 'Hoạt động xây dựng'] },
];

/**
 * Demo queue: 4 counters at Phường Đồng Hới's Bộ phận Một cửa, kiosk at /xep-hang/000.00.61.H50 and
 * board at /xep-hang/000.00.61.H50/bang. Idempotent: an agency that already has fields is left alone.
 */
export async function seedQueueDemo(app: FastifyInstance): Promise<DemoLogin[]> {
  const agency = await app.org.findAgencyByCode(AGENCY_CODE);
  if (!agency) return [];
  const { repo } = app.queue.service;
  if ((await repo.listFields(agency.id)).length > 0) return [];
  await app.database.db.transaction().execute(async (trx) => {
    await repo.replaceFields(trx, agency.id, DEMO_QUEUE_FIELDS);
    for (const c of DEMO_COUNTERS) await repo.insertCounter(trx, { agencyId: agency.id, ...c, active: true });
    await app.audit.record(
      SYSTEM_ACTOR,
      {
        action: 'queue.demo_seed',
        entityType: 'queue_counter',
        entityId: null,
        agencyId: agency.id,
        after: { fields: DEMO_QUEUE_FIELDS, counters: DEMO_COUNTERS },
        note: 'Dữ liệu demo: quầy và lĩnh vực xếp hàng',
      },
      trx,
    );
    await repo.bumpBoard(trx, agency.id);
  });
  app.log.info(`Xếp hàng demo: ki-ốt /xep-hang/${AGENCY_CODE}, bảng hiển thị /xep-hang/${AGENCY_CODE}/bang`);
  return [];
}

registerDemoSeeder(seedQueueDemo);
