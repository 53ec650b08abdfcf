/**
 * A small bounded LRU of promises (issue 3 §7, docs/performance.md). Statistics of closed days never change
 * until the next refresh of the pre-aggregate, so they are cached per node under a key that contains the
 * data generation (the watermark and the node's refresh counter): a stale entry can never be read, it only
 * ages out. A rejected promise is dropped so that the next call retries.
 */
export class LruPromiseCache<V> {
  private readonly map = new Map<string, Promise<V>>();

  constructor(private readonly capacity: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    if (hit) {
      // Most recently used last.
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = load();
    this.map.set(key, value);
    value.catch(() => {
      if (this.map.get(key) === value) this.map.delete(key);
    });
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
