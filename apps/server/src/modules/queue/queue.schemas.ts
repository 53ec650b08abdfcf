import { Type } from 'typebox';

/** TypeBox schemas of the queue API: the response schemas list every field that may leave the server. */
export const TAG = 'Xếp hàng tại quầy';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
export const Status = Type.Enum(['waiting', 'called', 'serving', 'done', 'skipped', 'transferred'] as const, {
  description: 'waiting → called → serving → done | skipped | transferred',
});
export const FieldName = Type.String({ minLength: 1, maxLength: 200, description: 'Lĩnh vực như trong danh mục TTHC' });
export const Prefix = Type.String({ pattern: '^[A-Z]$', description: 'Chữ cái đầu số (A001)' });

export const Field = Type.Object({ field: Type.String(), prefix: Type.String() });
export const Counter = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  fields: Type.Array(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export const CounterBody = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Za-z]{1,10}$', description: 'Số hiệu quầy, ví dụ 1, 2, A' }),
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Ví dụ: Quầy 1' }),
    fields: Type.Array(FieldName, { maxItems: 50 }),
    active: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.String(),
  field: Type.String(),
  status: Status,
  counterId: Nullable(Type.String()),
  counterName: Nullable(Type.String()),
  targetCounterId: Nullable(Type.String()),
  targetCounterName: Nullable(Type.String()),
  transferredFromId: Nullable(Type.String()),
  callCount: Type.Integer(),
  takenAt: Instant,
  queuedAt: Instant,
  calledAt: Nullable(Instant),
  lastCalledAt: Nullable(Instant),
  servingStartedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  version: Type.Integer(),
});
export const Desk = Type.Object({
  counter: Counter,
  current: Nullable(Ticket),
  fields: Type.Array(
    Type.Object({ field: Type.String(), prefix: Type.String(), mine: Type.Boolean(), waiting: Type.Array(Ticket) }),
  ),
  forMe: Type.Array(Ticket),
  skipped: Type.Array(Ticket),
  counters: Type.Array(Counter),
});
const Call = Type.Object({
  callId: Type.String(),
  number: Type.String(),
  field: Type.String(),
  counterCode: Type.String(),
  counterName: Type.String(),
  calledAt: Instant,
});
export const Board = Type.Object({
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  version: Type.Integer(),
  generatedAt: Instant,
  counters: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      current: Nullable(Type.Object({ ...Call.properties, status: Status })),
    }),
  ),
  recent: Type.Array(Call),
  waiting: Type.Array(Type.Object({ field: Type.String(), prefix: Type.String(), count: Type.Integer() })),
});
export const StatsItem = Type.Object({
  day: Type.String({ format: 'date' }),
  field: Type.String(),
  tickets: Type.Integer({ description: 'Số phiếu lấy tại ki-ốt (không tính phiếu chuyển quầy)' }),
  served: Type.Integer(),
  skipped: Type.Integer(),
  transferred: Type.Integer(),
  waiting: Type.Integer({ description: 'Còn chờ (chưa được gọi)' }),
  avgWaitSeconds: Nullable(Type.Integer()),
  p90WaitSeconds: Nullable(Type.Integer()),
  avgServeSeconds: Nullable(Type.Integer()),
});
export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const AgencyParams = Type.Object({ agencyId: Type.String({ format: 'uuid' }) });
