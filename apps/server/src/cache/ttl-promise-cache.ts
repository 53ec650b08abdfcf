/**
 * A live value kept for at most `ttlMs` of the given clock. With `ttlMs` 0 nothing is kept, but calls that
 * arrive while the same computation is still running share it (request coalescing): 32 leaders opening the same
 * statistics at once cost one computation, and each answer is at most one computation's time old.
 */
export class TtlPromiseCache<V> {
  private readonly map = new Map<string, { at: number; value: Promise<V> }>();
  private readonly running = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) {
      const shared = this.running.get(key);
      if (shared) return shared;
      const value = load();
      this.running.set(key, value);
      const done = () => {
        if (this.running.get(key) === value) this.running.delete(key);
      };
      value.then(done, done);
      return value;
    }
    const t = this.now();
    const hit = this.map.get(key);
    if (hit && t - hit.at >= 0 && t - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.map.set(key, { at: t, value });
    value.catch(() => {
      if (this.map.get(key)?.value === value) this.map.delete(key);
    });
    if (this.map.size > this.capacity) {
      for (const [k, v] of this.map) if (t - v.at >= this.ttlMs || t < v.at) this.map.delete(k);
      while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
    }
    return value;
  }

  clear(): void {
    this.map.clear();
    this.running.clear();
  }
}
