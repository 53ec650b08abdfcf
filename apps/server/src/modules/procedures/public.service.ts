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

type ListQuery = {
  q?: string;
  field?: string;
  level?: ProcedureLevel;
  agencyCode?: string;
  cursor?: string;
  limit?: number;
};
type ListPage = { items: PublicProcedureItem[]; nextCursor: string | null };

/** How long a node reuses a page of the public catalogue search (issue 4 §4: the portal's search page). */
export const CATALOGUE_CACHE_MS = 60_000;
const CATALOGUE_CACHE_PAGES = 500;

/**
 * Reads of the public API: only the published snapshot of each procedure, never a draft. Search pages are reused
 * for up to a minute: the catalogue changes a few times a month and every citizen asks the same few questions. A
 * write on this node (create, edit, publish, archive, import) drops them at once (`invalidate`, called by the
 * procedures service); another node may show the previous catalogue for up to CATALOGUE_CACHE_MS.
 */
export class PublicProceduresService {
  private readonly pages = new Map<string, { at: number; page: Promise<ListPage> }>();

  constructor(
    private readonly repo: ProceduresRepository,
    private readonly org: () => OrgPort,
  ) {}

  /** Drops every cached search page (after a write to the catalogue on this node). */
  invalidate(): void {
    this.pages.clear();
  }

  list(query: ListQuery): Promise<ListPage> {
    const key = JSON.stringify([query.q, query.field, query.level, query.agencyCode, query.cursor, query.limit]);
    const now = Date.now();
    const hit = this.pages.get(key);
    if (hit && now - hit.at >= 0 && now - hit.at < CATALOGUE_CACHE_MS) return hit.page;
    const page = this.search(query);
    if (this.pages.size >= CATALOGUE_CACHE_PAGES) this.pages.clear();
    this.pages.set(key, { at: now, page });
    page.catch(() => {
      if (this.pages.get(key)?.page === page) this.pages.delete(key);
    });
    return page;
  }

  private async search(query: ListQuery): Promise<ListPage> {
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
