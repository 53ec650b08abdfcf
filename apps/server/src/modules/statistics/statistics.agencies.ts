import type { AgencySummary, OrgPort } from '../org/org.port.js';
import type { AgencyKind } from '../org/org.tables.js';
import type { ProceduresPort } from '../procedures/procedures.port.js';

/**
 * The agencies the public statistics page offers: every agency of each tree (a province: UBND tỉnh, its Sở, the
 * Trung tâm Phục vụ hành chính công, its communes) that implements at least one published procedure. The org
 * port has no public "list agencies", so the trees are found from the implementing agencies of the published
 * catalogue: each one's root (up the parents), then the root's subtree. Kept for a minute.
 */

export interface AgencyOption {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
}

export interface AgencyTree {
  root: AgencyOption;
  /** The other agencies of the tree: Trung tâm, Sở, other, then communes; by name within each. */
  members: AgencyOption[];
}

const TTL_MS = 60_000;
/** At most this many catalogue pages of 100 procedures are read (the eservices filters read 10). */
const MAX_PAGES = 20;
const KIND_ORDER: Record<AgencyKind, number> = { ubnd_tinh: 0, trung_tam_phvhc: 1, so: 2, khac: 3, ubnd_xa: 4 };

const option = (a: AgencySummary): AgencyOption => ({ id: a.id, code: a.code, name: a.name, kind: a.kind });

export class PublicAgencyList {
  private cached: { at: number; value: Promise<AgencyTree[]> } | null = null;

  constructor(private readonly deps: { org: () => OrgPort; procedures: () => ProceduresPort }) {}

  /** The trees, largest first (then by the root's name). */
  trees(): Promise<AgencyTree[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at >= 0 && now - this.cached.at < TTL_MS) return this.cached.value;
    const value = this.load();
    this.cached = { at: now, value };
    value.catch(() => {
      this.cached = null;
    });
    return value;
  }

  /** Agency code by id for the agencies of the trees (the CSV names agencies by code). */
  async codes(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const t of await this.trees()) for (const a of [t.root, ...t.members]) map.set(a.id, a.code);
    return map;
  }

  private async load(): Promise<AgencyTree[]> {
    const { org, procedures } = this.deps;
    const implementing = new Set<string>();
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await procedures().publicCatalogue.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const p of page.items) {
        for (const id of (await procedures().findPublished(p.code))?.agencyIds ?? []) implementing.add(id);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const known = new Set<string>();
    const trees: AgencyTree[] = [];
    for (const id of implementing) {
      if (known.has(id)) continue;
      let root = await org().findAgency(id);
      for (let depth = 0; root?.parentId && depth < 20; depth++) {
        const parent = await org().findAgency(root.parentId);
        if (!parent) break;
        root = parent;
      }
      if (!root || known.has(root.id)) continue;
      const subtree = await org().agencySubtree(root.id);
      for (const memberId of subtree) known.add(memberId);
      // One query for the whole tree (a province has ~100 agencies; this was one query each).
      const rootId = root.id;
      const members: AgencyOption[] = (await org().findAgencies(subtree.filter((m) => m !== rootId))).map(option);
      known.add(root.id);
      members.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'vi'));
      trees.push({ root: option(root), members });
    }
    return trees.sort((a, b) => b.members.length - a.members.length || a.root.name.localeCompare(b.root.name, 'vi'));
  }
}
