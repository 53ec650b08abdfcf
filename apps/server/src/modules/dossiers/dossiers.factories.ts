import type { FastifyInstance } from 'fastify';
import { multipartBody, tinyPdf } from '../../test/factories/multipart.js';
import { createAgency, createUser } from '../../test/factories/org.js';
import { loginAs } from '../auth/testing.js';
import { createProcedure } from '../procedures/procedures.factories.js';

/** Test factories of the dossiers module: a province with communes, officers, published procedures. */

export type Headers = Record<string, string>;

export interface Officer {
  id: string;
  username: string;
  password: string;
  agencyId: string;
}

/** Signs the officer in at the app's current clock (sessions are re-made after the clock moves). */
export async function session(app: FastifyInstance, o: Officer): Promise<Headers> {
  return (await loginAs(app, o.username, o.password)).headers;
}

export async function createProvince(app: FastifyInstance) {
  const province = await createAgency(app, { kind: 'ubnd_tinh', parentId: null, name: 'UBND tỉnh Thử Nghiệm' });
  const admin = await createUser(app, {
    agencyId: province.id,
    roles: [{ roleCode: 'quan_tri', includeSubordinates: true }],
  });
  return { province, admin };
}

export async function createCommune(app: FastifyInstance, provinceId: string, name: string) {
  const agency = await createAgency(app, { kind: 'ubnd_xa', parentId: provinceId, name });
  const mk = (roleCode: string, fullName: string) =>
    createUser(app, { agencyId: agency.id, fullName, roles: [{ roleCode }] });
  return {
    agency,
    officer: await mk('can_bo_mot_cua', 'Nguyễn Thị Một Cửa'),
    specialist: await mk('chuyen_vien', 'Trần Văn Chuyên'),
    specialist2: await mk('chuyen_vien', 'Lê Thị Chuyên'),
    leader: await mk('lanh_dao', 'Phạm Văn Lãnh'),
  };
}

/** A published procedure of `days` working days implemented by `agencyIds` (default workflow). */
export async function publishedProcedure(app: FastifyInstance, admin: Headers, agencyIds: string[], days: number) {
  return createProcedure(
    app,
    admin,
    {
      name: `Đăng ký khai sinh thử nghiệm ${days} ngày`,
      processingTime: {
        kind: 'thoi_han',
        amount: days,
        unit: 'working_days',
        cutoffTime: null,
        extensions: [],
        note: `Trong ${days} ngày làm việc`,
      },
      agencyIds,
    },
    { publish: true },
  );
}

/** A province with one commune (its staff) and a published procedure of `days` working days there. */
export async function communeWithProcedure(app: FastifyInstance, communeName: string, days: number) {
  const { province, admin } = await createProvince(app);
  const commune = await createCommune(app, province.id, communeName);
  const procedure = await publishedProcedure(app, await session(app, admin), [commune.agency.id], days);
  return { province, admin, commune, procedureCode: procedure.code };
}

export function receptionBody(procedureCode: string, agencyId: string, name = 'Nguyễn Văn Đức') {
  return {
    procedureCode,
    agencyId,
    applicant: { name, idNumber: '045090001234', phone: '0912345678', address: 'Thôn Đông, xã Thử Nghiệm' },
    components: [{ name: 'Tờ khai đăng ký khai sinh', copies: 1, form: 'original', received: true }],
  };
}

/** Receives a dossier at the counter through the API; returns its code and due date. */
export async function receiveDossier(
  app: FastifyInstance,
  headers: Headers,
  body: ReturnType<typeof receptionBody>,
): Promise<{ code: string; dueAt: string; version: number }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/dossiers', headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`receiveDossier: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * A one-stop agency of any kind (a Trung tâm Phục vụ hành chính công `trung_tam_phvhc`, a Sở `so`, …) under
 * `parentId`, with a one-stop officer, a specialist and a leader.
 */
export async function createAgencyWithStaff(
  app: FastifyInstance,
  parentId: string,
  name: string,
  kind: 'trung_tam_phvhc' | 'so' | 'ubnd_xa' | 'ubnd_tinh',
) {
  const agency = await createAgency(app, { kind, parentId, name });
  const mk = (roleCode: string, fullName: string) =>
    createUser(app, { agencyId: agency.id, fullName, roles: [{ roleCode }] });
  return {
    agency,
    officer: await mk('can_bo_mot_cua', 'Đặng Thị Tiếp Nhận'),
    specialist: await mk('chuyen_vien', 'Bùi Văn Thẩm Định'),
    leader: await mk('lanh_dao', 'Hồ Văn Giám Đốc'),
  };
}

/** Takes an action through the API (body: version and the action's fields). */
export function actOn(app: FastifyInstance, headers: Headers, code: string, action: string, payload: object) {
  return app.inject({ method: 'POST', url: `/api/v1/dossiers/${code}/actions/${action}`, headers, payload });
}

/** The dossier's detail through the API (throws unless 200). */
export async function dossierDetail(app: FastifyInstance, headers: Headers, code: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}`, headers });
  if (res.statusCode !== 200) throw new Error(`dossierDetail: ${res.statusCode} ${res.body}`);
  return res.json<{
    version: number;
    status: string;
    currentAgencyId: string;
    receivingAgencyId: string;
    currentStep: number | null;
    dueAt: string | null;
    acceptBy: string | null;
    deadlineStatus: string | null;
    allowedActions: string[];
    events: { action: string; agencyId: string | null }[];
  }>();
}

/** Uploads a result file (a small real PDF) for `attach_result` through the files route; returns its id. */
export async function uploadResult(app: FastifyInstance, headers: Headers, code: string): Promise<string> {
  const body = multipartBody([
    { name: 'kind', value: 'result' },
    { name: 'file', filename: 'ket-qua.pdf', contentType: 'application/pdf', data: await tinyPdf('Ket qua') },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${code}/files`,
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`uploadResult: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}
