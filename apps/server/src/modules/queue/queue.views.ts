import type { CounterRow, FieldRow, TicketRow } from './queue.repository.js';
import type { TicketStatus } from './queue.tables.js';

/** What leaves the server about counters, fields and tickets (the routes' response schemas list the same). */
export interface FieldView {
  field: string;
  prefix: string;
}

export interface CounterView {
  id: string;
  agencyId: string;
  code: string;
  name: string;
  fields: string[];
  active: boolean;
  version: number;
}

export interface TicketView {
  id: string;
  number: string;
  field: string;
  status: TicketStatus;
  counterId: string | null;
  counterName: string | null;
  targetCounterId: string | null;
  targetCounterName: string | null;
  transferredFromId: string | null;
  callCount: number;
  takenAt: string;
  queuedAt: string;
  calledAt: string | null;
  lastCalledAt: string | null;
  servingStartedAt: string | null;
  finishedAt: string | null;
  version: number;
}

export interface DeskView {
  counter: CounterView;
  current: TicketView | null;
  /** Every field of the agency with its waiting tickets in call order; `mine` = this counter serves it. */
  fields: (FieldView & { mine: boolean; waiting: TicketView[] })[];
  /** Tickets transferred to this very counter, waiting. */
  forMe: TicketView[];
  /** Today's tickets skipped at this counter, most recent first ("Gọi lại" if the citizen comes back). */
  skipped: TicketView[];
  /** Active counters of the agency (transfer targets). */
  counters: CounterView[];
}

export interface BoardCall {
  /** Ticket id and call count: changes on each call and recall (the board announces it once). */
  callId: string;
  number: string;
  field: string;
  counterCode: string;
  counterName: string;
  calledAt: string;
}

export interface BoardView {
  agency: { code: string; name: string };
  version: number;
  generatedAt: string;
  counters: { code: string; name: string; current: (BoardCall & { status: TicketStatus }) | null }[];
  recent: BoardCall[];
  waiting: { field: string; prefix: string; count: number }[];
}

/** A001…Z999: the field's letter and the day's sequence on three digits. */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export const fieldView = (f: FieldRow): FieldView => ({ field: f.field, prefix: f.prefix });

export const counterView = (c: CounterRow): CounterView => ({
  id: c.id,
  agencyId: c.agency_id,
  code: c.code,
  name: c.name,
  fields: c.fields,
  active: c.active,
  version: c.version,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function ticketView(t: TicketRow, counterNames: Map<string, string> = new Map()): TicketView {
  return {
    id: t.id,
    number: t.number,
    field: t.field,
    status: t.status,
    counterId: t.counter_id,
    counterName: t.counter_id ? (counterNames.get(t.counter_id) ?? null) : null,
    targetCounterId: t.target_counter_id,
    targetCounterName: t.target_counter_id ? (counterNames.get(t.target_counter_id) ?? null) : null,
    transferredFromId: t.transferred_from_id,
    callCount: t.call_count,
    takenAt: t.taken_at.toISOString(),
    queuedAt: t.queued_at.toISOString(),
    calledAt: iso(t.called_at),
    lastCalledAt: iso(t.last_called_at),
    servingStartedAt: iso(t.serving_started_at),
    finishedAt: iso(t.finished_at),
    version: t.version,
  };
}
