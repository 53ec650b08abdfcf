import type { FastifyInstance } from 'fastify';
import type { ProcedureInput, ProcedureView } from './procedures.schemas.js';

let counter = 0;

/** A valid create body: a commune-level procedure with one fixed fee (override what the test is about). */
export function procedureInput(overrides: Partial<ProcedureInput> = {}): ProcedureInput {
  counter++;
  return {
    code: `2.${String(900000 + counter).padStart(6, '0')}`,
    name: `Thủ tục thử nghiệm số ${counter}`,
    field: 'Chứng thực',
    level: 'xa',
    onlineMode: 'mot_phan',
    processingTime: {
      kind: 'thoi_han',
      amount: 3,
      unit: 'working_days',
      cutoffTime: null,
      extensions: [],
      note: 'Trong 03 ngày làm việc',
    },
    fees: [
      {
        kind: 'le_phi',
        name: 'Lệ phí',
        mode: 'fixed',
        amountVnd: 10000,
        unit: 'hồ sơ',
        tiers: [],
        capVnd: null,
        cases: [],
        basis: 'Thông tư thử nghiệm',
      },
    ],
    components: [{ name: 'Tờ khai', originals: 1, copies: 0, form: 'ban_chinh', required: true, condition: null }],
    legalBasis: [{ document: '23/2015/NĐ-CP', title: 'Nghị định về chứng thực', articles: 'Điều 5' }],
    results: ['Văn bản chứng thực'],
    ...overrides,
  };
}

/** Creates a procedure through the API (the caller must be a provincial catalogue manager). */
export async function createProcedure(
  app: FastifyInstance,
  headers: Record<string, string>,
  overrides: Partial<ProcedureInput> = {},
  options: { publish?: boolean } = {},
): Promise<ProcedureView> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/procedures',
    headers,
    payload: procedureInput(overrides),
  });
  if (res.statusCode !== 201) throw new Error(`createProcedure: ${res.statusCode} ${res.body}`);
  let view = res.json<ProcedureView>();
  if (options.publish) {
    const pub = await app.inject({
      method: 'POST',
      url: `/api/v1/procedures/${view.id}/publish`,
      headers,
      payload: { version: view.version },
    });
    if (pub.statusCode !== 200) throw new Error(`publish: ${pub.statusCode} ${pub.body}`);
    view = pub.json<ProcedureView>();
  }
  return view;
}
