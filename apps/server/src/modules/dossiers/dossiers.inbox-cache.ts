/**
 * Inbox answers kept by a node and given again only after checking that nothing they show has changed
 * (issue 3 §7: an officer's inbox, p99 ≤ 50 ms at 32 clients on 1M dossiers; docs/performance.md).
 *
 * An answer depends on three things, and an entry is used again only when none of them moved:
 * - the dossiers: the caller checks the change counter of the filter's agencies (one tiny indexed read,
 *   migrations/0026_dossier_agency_versions.sql) against the one read with the answer, in the same
 *   statement as its rows. Every write to dossiers moves the counter, on every node's database.
 * - the clock: urgency classes (overdue, due today, due soon) change when the time passes a dossier's
 *   urgency instant, and at local midnight. An entry holds until the first of those (`validUntil`).
 * - the working calendar: the entry keeps the calendar object it was computed with; the calendar service
 *   builds a new one whenever it reloads, and a new one is a miss.
 * The key is the whole filter (agencies, scope, user, roles, states, search, page size, cursor), so a
 * cached answer never crosses callers who may see different dossiers. Least recently used entries go first.
 */
export interface InboxCacheEntry<A> {
  answer: A;
  version: string;
  /** Instant the answer was computed for; an earlier clock (tests move it back) is a miss. */
  computedAt: Date;
  /** First instant at which the answer may differ with unchanged dossiers. */
  validUntil: Date;
  calendar: object;
}

export class InboxCache<A> {
  private readonly entries = new Map<string, InboxCacheEntry<A>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries: number) {}

  /** An entry still valid at `now` with `calendar`, before checking its version; null when there is none. */
  candidate(key: string, now: Date, calendar: object): InboxCacheEntry<A> | null {
    if (this.maxEntries === 0) return null;
    const entry = this.entries.get(key);
    if (!entry) return null;
    const t = now.getTime();
    if (entry.calendar !== calendar || t < entry.computedAt.getTime() || t >= entry.validUntil.getTime()) {
      this.entries.delete(key);
      return null;
    }
    return entry;
  }

  /** Counts a use of `entry` and makes it the most recently used. */
  hit(key: string, entry: InboxCacheEntry<A>): A {
    this.hits += 1;
    this.makeNewest(key, entry);
    return entry.answer;
  }

  put(key: string, entry: InboxCacheEntry<A>): void {
    this.misses += 1;
    if (this.maxEntries === 0) return;
    this.makeNewest(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** A Map iterates in insertion order: deleting and setting again makes `key` the last to go. */
  private makeNewest(key: string, entry: InboxCacheEntry<A>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
