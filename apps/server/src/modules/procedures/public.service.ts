import { notFound } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { OrgPort } from '../org/org.port.js';
import type { ProcedureContent, ProceduresRepository } from './procedures.repository.js';
import { mainFeeVnd, publicOnlineMode } from './procedures.rules.js';
import type { PublicProcedureDetail, PublicProcedureItem } from './procedures.schemas.js';
import { listFilter } from './procedures.service.js';
import type { ProcedureLevel } from './procedures.tables.js';

export function publicItem(c: ProcedureContent): PublicProcedureItem {
  return {
    code: c.code,
    name: c.name,
    field: c.field,
    level: c.level,
    processingTime: { amount: c.processingTime.amount, unit: c.processingTime.unit },
    feeVnd: mainFeeVnd(c.fees),
    onlineMode: publicOnlineMode(c.onlineMode),
  };
}

/** Reads of the public API: only the published snapshot of each procedure, never a draft. */
export class PublicProceduresService {
  constructor(
    private readonly repo: ProceduresRepository,
    private readonly org: () => OrgPort,
  ) {}

  async list(query: {
    q?: string;
    field?: string;
    level?: ProcedureLevel;
    agencyCode?: string;
    cursor?: string;
    limit?: number;
  }): Promise<{ items: PublicProcedureItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor);
    let agencyId: string | undefined;
    if (query.agencyCode) {
      const agency = await this.org().findAgencyByCode(query.agencyCode.trim());
      if (!agency) return { items: [], nextCursor: null };
      agencyId = agency.id;
    }
    const rows = await this.repo.listPublished(
      { ...listFilter(query.q), field: query.field, level: query.level, agencyId },
      cursor,
      limit,
    );
    const page = toPage(rows, limit, (r) => ({ k: r.k, id: r.content.code }));
    return { items: page.items.map((r) => publicItem(r.content)), nextCursor: page.nextCursor };
  }

  async get(code: string): Promise<PublicProcedureDetail> {
    const published = await this.repo.findPublishedWithAgencies(code);
    if (!published) throw notFound(`Không tìm thấy thủ tục hành chính mã ${code} đang được công bố.`);
    const agencies = (await this.org().findAgencies(published.agencyIds)).map((a) => ({ code: a.code, name: a.name }));
    agencies.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const c = published.content;
    return {
      ...publicItem(c),
      components: c.components,
      form: c.formSchema,
      agencies,
      legalBasis: c.legalBasis,
    };
  }
}
