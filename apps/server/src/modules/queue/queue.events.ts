import pg from 'pg';
import type { QueueRepository } from './queue.repository.js';

/**
 * "The display board of agency X changed": the one small interface behind the board's server-sent
 * events. Both implementations learn of changes from the database, never from this process's memory,
 * so a change made on one app node reaches the boards streamed by every other node.
 */
export interface BoardSignal {
  /** Calls `listener` after each change of the agency's board; returns the unsubscribe function. */
  subscribe(agencyId: string, listener: () => void): () => void;
  close(): Promise<void>;
}

class Listeners {
  private readonly byAgency = new Map<string, Set<() => void>>();

  add(agencyId: string, listener: () => void): () => void {
    let set = this.byAgency.get(agencyId);
    if (!set) this.byAgency.set(agencyId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byAgency.delete(agencyId);
    };
  }

  agencies(): string[] {
    return [...this.byAgency.keys()];
  }

  fire(agencyId: string): void {
    for (const l of this.byAgency.get(agencyId) ?? []) l();
  }

  fireAll(): void {
    for (const id of this.agencies()) this.fire(id);
  }

  get size(): number {
    return this.byAgency.size;
  }
}

/**
 * PGlite (one process, no LISTEN across connections): a short poll of queue_board_versions, only
 * while some board is open, one query per tick for all open agencies.
 */
export class PollingBoardSignal implements BoardSignal {
  private readonly listeners = new Listeners();
  private readonly seen = new Map<string, number>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly repo: QueueRepository,
    private readonly intervalMs = 700,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  subscribe(agencyId: string, listener: () => void): () => void {
    const off = this.listeners.add(agencyId, listener);
    // The baseline is read now (queued before any later change), not at the first tick: a change made
    // between subscribing and that tick must fire.
    if (!this.seen.has(agencyId) && !this.pending.has(agencyId)) {
      this.pending.add(agencyId);
      this.repo
        .boardVersions([agencyId])
        .then((v) => {
          if (!this.seen.has(agencyId)) this.seen.set(agencyId, v.get(agencyId) ?? 0);
        })
        .catch(this.onError)
        .finally(() => this.pending.delete(agencyId));
    }
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      off();
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.seen.clear();
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ids = this.listeners.agencies().filter((id) => !this.pending.has(id));
      const versions = await this.repo.boardVersions(ids);
      for (const id of ids) {
        const v = versions.get(id) ?? 0;
        const before = this.seen.get(id);
        this.seen.set(id, v);
        if (before !== undefined && before !== v) this.listeners.fire(id);
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * PostgreSQL: one dedicated connection per app node LISTENs on `saola_queue` (the repository NOTIFYs
 * the agency id inside each change's transaction, delivered at commit). Connects on the first open
 * board; after a lost connection it reconnects and tells every open board to reload (a change may
 * have been missed meanwhile).
 */
export class PgListenBoardSignal implements BoardSignal {
  private readonly listeners = new Listeners();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  subscribe(agencyId: string, listener: () => void): () => void {
    const off = this.listeners.add(agencyId, listener);
    if (!this.client && !this.connecting) this.connecting = this.connect();
    return off;
  }

  /** Resolves once the LISTEN is in place (tests wait for it before changing the board). */
  async ready(): Promise<void> {
    await this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (msg) => {
      if (msg.channel === 'saola_queue' && msg.payload) this.listeners.fire(msg.payload);
    });
    const lost = (err?: unknown) => {
      if (err) this.onError(err);
      if (this.client !== client) return;
      this.client = null;
      if (!this.closed) this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('listen saola_queue');
      this.client = client;
      if (this.closed) await client.end();
      else this.listeners.fireAll();
    } catch (err) {
      this.onError(err);
      await client.end().catch(() => undefined);
      if (!this.closed) this.scheduleReconnect();
    } finally {
      this.connecting = null;
    }
  }

  private scheduleReconnect(): void {
    this.retry = setTimeout(() => {
      this.connecting = this.connect();
    }, 2000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }
}
