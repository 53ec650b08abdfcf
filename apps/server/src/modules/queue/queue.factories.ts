import type { FastifyInstance } from 'fastify';
import { createStaffUser } from '../../test/factories/auth.js';
import { createAgency, type Session, signIn } from '../../test/factories/org.js';

/** Test helpers of the queue module: an agency with fields and counters, and signed-in staff. */
export async function createQueueAgency(
  app: FastifyInstance,
  options: { fields?: { field: string; prefix: string }[] } = {},
) {
  const agency = await createAgency(app);
  const fields = options.fields ?? [
    { field: 'Hộ tịch', prefix: 'A' },
    { field: 'Chứng thực', prefix: 'B' },
  ];
  await app.database.db.transaction().execute(async (trx) => {
    await app.queue.service.repo.replaceFields(trx, agency.id, fields);
  });
  return agency;
}

export async function createCounter(
  app: FastifyInstance,
  agencyId: string,
  input: { code: string; name?: string; fields: string[]; active?: boolean },
) {
  return app.queue.service.repo.insertCounter(app.database.db, {
    agencyId,
    code: input.code,
    name: input.name ?? `Quầy ${input.code}`,
    fields: input.fields,
    active: input.active ?? true,
  });
}

export async function staffSession(app: FastifyInstance, agencyId: string, roles: string[]): Promise<Session> {
  const user = await createStaffUser(app, { agencyId, roles });
  return signIn(app, user);
}

/** Takes a number at the kiosk as a browser would (form post), returns the ticket id from the redirect. */
export async function takeNumber(app: FastifyInstance, agencyCode: string, prefix: string, remoteAddress = '10.0.0.1') {
  const res = await app.inject({
    method: 'POST',
    url: `/xep-hang/${agencyCode}`,
    payload: `field=${prefix}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress,
  });
  if (res.statusCode !== 303) throw new Error(`Lấy số thất bại: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const id = res.headers.location?.toString().split('/').pop() ?? '';
  return { id, location: res.headers.location?.toString() ?? '' };
}
