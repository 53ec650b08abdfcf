import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CitizenSession } from '../../test/factories/citizens.js';
import {
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from '../dossiers/dossiers.factories.js';
import { createProcedure } from '../procedures/procedures.factories.js';
import { signed, urlWith, type VnpParams } from './gateway-vnpay.js';

/** Test factories of the payments module: a province, two communes, a fixed-fee and a by-case procedure. */
export async function paymentsWorld(app: FastifyInstance) {
  const { province, admin } = await createProvince(app);
  const a = await createCommune(app, province.id, 'UBND xã Phí Thử Nghiệm');
  const b = await createCommune(app, province.id, 'UBND xã Bên Cạnh');
  const adminH = await session(app, admin);
  // procedureInput's default fee: "Lệ phí", fixed, 10 000 đ per dossier.
  const fixed = (await publishedProcedure(app, adminH, [a.agency.id, b.agency.id], 3)).code;
  const byCase = (
    await createProcedure(
      app,
      adminH,
      {
        name: 'Chứng thực hợp đồng thử nghiệm',
        agencyIds: [a.agency.id, b.agency.id],
        fees: [
          {
            kind: 'phi',
            name: 'Phí chứng thực hợp đồng',
            mode: 'by_case',
            amountVnd: null,
            unit: null,
            tiers: [],
            capVnd: null,
            cases: [{ when: 'Theo giá trị hợp đồng', amountVnd: null }],
            basis: 'Thông tư thử nghiệm',
          },
        ],
      },
      { publish: true },
    )
  ).code;
  return { province, a, b, adminH, fixed, byCase };
}

export async function counterDossier(app: FastifyInstance, officer: Headers, procedureCode: string, agencyId: string) {
  return (await receiveDossier(app, officer, receptionBody(procedureCode, agencyId))).code;
}

/** A dossier filed online by this citizen (through the dossiers port). */
export async function onlineDossier(
  app: FastifyInstance,
  citizen: CitizenSession,
  procedureCode: string,
  agencyId: string,
) {
  const sub = await app.dossiers.submitOnline({
    citizenId: citizen.citizenId,
    procedureCode,
    agencyId,
    applicant: { name: 'Hoàng Thị Nộp Phí', idNumber: '045190001111', phone: '0912000111' },
    formData: {},
    files: [{ component: 'Tờ khai', fileId: randomUUID() }],
  });
  return sub.code;
}

/** Posts the pay page's form (`/ho-so-cua-toi/{code}/thanh-toan`) as the citizen; the raw response. */
export function postPayForm(app: FastifyInstance, citizen: CitizenSession, code: string) {
  return app.inject({
    method: 'POST',
    url: `/ho-so-cua-toi/${code}/thanh-toan`,
    headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(citizen.csrf)}`,
  });
}

/** Starts a gateway payment as the citizen (the pay page's form) and returns the signed redirect's parameters. */
export async function startPayment(app: FastifyInstance, citizen: CitizenSession, code: string) {
  const res = await postPayForm(app, citizen, code);
  if (res.statusCode !== 303) throw new Error(`startPayment: ${res.statusCode} ${res.body}`);
  const location = new URL(res.headers.location as string);
  return { location, params: Object.fromEntries<string>(location.searchParams) };
}

/** What the gateway sends back for an order: the result parameters, signed with `secret`. */
export function gatewayResult(order: VnpParams, secret: string, over: VnpParams = {}): VnpParams {
  return signed(
    {
      vnp_Amount: order.vnp_Amount ?? '',
      vnp_BankCode: 'NCB',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: order.vnp_OrderInfo ?? '',
      vnp_PayDate: '20261124100000',
      vnp_ResponseCode: '00',
      vnp_TmnCode: order.vnp_TmnCode ?? '',
      vnp_TransactionNo: '14123456',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: order.vnp_TxnRef ?? '',
      ...over,
    },
    secret,
  );
}

export async function sendIpn(app: FastifyInstance, params: VnpParams) {
  const res = await app.inject({ method: 'GET', url: urlWith('/api/v1/payments/gateway/ipn', params) });
  if (res.statusCode !== 200) throw new Error(`ipn: ${res.statusCode} ${res.body}`);
  return res.json<{ RspCode: string; Message: string }>();
}
