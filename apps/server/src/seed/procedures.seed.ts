import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { ProcedureSeed } from '../modules/procedures/procedure-data.schema.js';
import { localCodeFor } from '../modules/procedures/procedures.rules.js';
import type { ProcedureExchange } from '../modules/procedures/procedures.schemas.js';
import { ProceduresExchange } from '../modules/procedures/procedures.exchange.js';
import { ProceduresService } from '../modules/procedures/procedures.service.js';
import { registerDemoSeeder, type DemoLogin } from './demo.js';

/** The researched catalogue (27 procedures, sources per fact): read from the repository's data/ like the unit lists. */
export const DEFAULT_PROCEDURES_FILE = fileURLToPath(
  new URL('../../../../data/procedures/thu-tuc.json', import.meta.url),
);

/** Demo agencies of org.seed.ts that implement the seeded procedures. */
const COMMUNE_AGENCIES = ['000.00.61.H50', '000.00.62.H50', '000.00.63.H50'];
/**
 * Provincial implementing agency per the seed's `agency.kind`. Phòng Đăng ký kinh doanh belongs to Sở Tài chính
 * (Nghị định 168/2025/NĐ-CP). The demo province has no Công an tỉnh agency, so procedures of `cong_an_tinh`
 * (lý lịch tư pháp, giấy phép lái xe, căn cước) are published without an implementing agency.
 */
const PROVINCIAL_AGENCIES: Record<string, string[]> = {
  phong_dkkd_tinh: ['000.00.14.H50'],
  cong_an_tinh: [],
};

export function readProcedureSeed(file = DEFAULT_PROCEDURES_FILE): ProcedureSeed[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Value.Check(Type.Array(ProcedureSeed), raw)) {
    const first = Value.Errors(Type.Array(ProcedureSeed), raw)[0];
    throw new Error(`${file}: không đúng định dạng (${first?.instancePath ?? ''} ${first?.message ?? ''})`);
  }
  return raw;
}

/**
 * Demo catalogue: imports data/procedures/thu-tuc.json and publishes every entry that has a national code
 * (entries with `code: null` stay drafts under a DP.* code: the data asks for the code before publishing).
 * Commune-level procedures are implemented by the demo communes' UBND, provincial ones by the matching
 * provincial agency. Idempotent: entries already in the catalogue (by code) are left as they are, so an
 * administrator's later edits survive a restart.
 */
export async function seedProceduresDemo(app: FastifyInstance): Promise<DemoLogin[]> {
  const deps = { db: app.database.db, audit: () => app.audit, org: () => app.org, clock: () => app.clock() };
  const service = new ProceduresService(deps);
  const exchange = new ProceduresExchange(deps, service);
  const known = async (codes: string[]) => {
    const found: string[] = [];
    for (const c of codes) if (await app.org.findAgencyByCode(c)) found.push(c);
    return found;
  };
  const communes = await known(COMMUNE_AGENCIES);
  const entries: ProcedureExchange[] = [];
  for (const p of readProcedureSeed()) {
    const code = p.code ?? localCodeFor(p.name);
    if (await service.repo.findByCode(code)) continue;
    const agencyCodes = p.level === 'xa' ? communes : await known(PROVINCIAL_AGENCIES[p.agency.kind] ?? []);
    entries.push({ ...p, agencyCodes });
  }
  if (entries.length > 0) {
    const result = await exchange.importEntries(SYSTEM_ACTOR, entries, { publish: true });
    app.log.info({ created: result.created.length }, 'demo procedure catalogue imported');
  }
  return [];
}

registerDemoSeeder(seedProceduresDemo);
