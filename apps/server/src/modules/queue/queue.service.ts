import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound, staleVersion, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { assertCan, can } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { localIsoDate } from '../calendar/local-time.js';
import type { AgencySummary, OrgPort } from '../org/org.port.js';
import {
  type CounterRow,
  type FieldRow,
  MAX_DAILY_NUMBER,
  type QueueRepository,
  type StatsRow,
  type TicketRow,
} from './queue.repository.js';
import {
  type BoardView,
  type CounterView,
  counterView,
  type DeskView,
  type FieldView,
  fieldView,
  formatTicketNumber,
  type TicketView,
  ticketView,
} from './queue.views.js';

export interface QueueDeps {
  db: Kysely<DB>;
  repo: QueueRepository;
  audit: () => AuditPort;
  org: () => OrgPort;
  clock: () => Date;
}

export interface CounterInput {
  code: string;
  name: string;
  fields: string[];
  active: boolean;
}

/** Who may read an agency's counters and fields: its officers at the counters and its administrators. */
function assertCanSee(principal: Principal | null, agencyId: string) {
  if (can(principal, 'queue.manage', agencyId)) return;
  if (can(principal, 'queue.serve', agencyId)) return;
  if (can(principal, 'queue.manage')) assertCan(principal, 'queue.manage', agencyId);
  assertCan(principal, 'queue.serve', agencyId);
}

/** The counter queue's rules: numbering, the ticket's states, the board, statistics. */
export class QueueService {
  readonly repo: QueueRepository;

  constructor(private readonly deps: QueueDeps) {
    this.repo = deps.repo;
  }

  /** Local (Asia/Ho_Chi_Minh) day of now: numbers restart every day. */
  today(): string {
    return localIsoDate(this.deps.clock());
  }

  private async audit(
    trx: Transaction<DB>,
    actor: ActorContext,
    action: string,
    agencyId: string,
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await this.deps
      .audit()
      .record(actor, { action, entityType: 'queue_ticket', entityId, agencyId, before, after }, trx);
  }

  // ---- setup (counters, fields) ------------------------------------------------------------------
  async listSetup(
    principal: Principal | null,
    agencyId: string,
  ): Promise<{ agency: { code: string; name: string }; fields: FieldView[]; counters: CounterView[] }> {
    assertCanSee(principal, agencyId);
    const [agency, fields, counters] = await Promise.all([
      this.deps.org().findAgency(agencyId),
      this.repo.listFields(agencyId),
      this.repo.listCounters(agencyId),
    ]);
    if (!agency) throw notFound('Không tìm thấy cơ quan.');
    return {
      agency: { code: agency.code, name: agency.name },
      fields: fields.map(fieldView),
      counters: counters.map(counterView),
    };
  }

  async replaceFields(
    principal: Principal | null,
    actor: ActorContext,
    agencyId: string,
    fields: { field: string; prefix: string }[],
  ): Promise<FieldView[]> {
    assertCan(principal, 'queue.manage', agencyId);
    const problems = fieldListProblems(fields);
    if (problems.length) throw unprocessable('Danh sách lĩnh vực nhận số chưa hợp lệ.', problems);
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.repo.listFields(agencyId, trx);
      const counters = await this.repo.listCounters(agencyId, trx);
      const names = new Set(fields.map((f) => f.field.trim()));
      const orphan = counters.flatMap((c) => c.fields.filter((f) => !names.has(f)).map((f) => `${c.name}: ${f}`));
      if (orphan.length) {
        throw conflict(
          `Còn quầy đang phục vụ lĩnh vực bị bỏ (${orphan.join('; ')}). Hãy sửa quầy trước khi bỏ lĩnh vực.`,
          'queue_field_in_use',
        );
      }
      await this.repo.replaceFields(
        trx,
        agencyId,
        fields.map((f) => ({ field: f.field.trim(), prefix: f.prefix })),
      );
      const after = await this.repo.listFields(agencyId, trx);
      await this.deps.audit().record(
        actor,
        {
          action: 'queue.fields_replace',
          entityType: 'queue_fields',
          entityId: null,
          agencyId,
          before: before.map(fieldView),
          after: after.map(fieldView),
        },
        trx,
      );
      await this.repo.bumpBoard(trx, agencyId);
      return after.map(fieldView);
    });
  }

  private async checkCounter(conn: Kysely<DB> | Transaction<DB>, agencyId: string, input: CounterInput, id?: string) {
    const known = new Set((await this.repo.listFields(agencyId, conn)).map((f) => f.field));
    const problems = input.fields
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !known.has(f))
      .map(({ f, i }) => ({
        field: `/fields/${i}`,
        message: `Lĩnh vực "${f}" chưa có trong danh sách lĩnh vực nhận số của cơ quan.`,
      }));
    if (new Set(input.fields).size !== input.fields.length)
      problems.push({ field: '/fields', message: 'Mỗi lĩnh vực chỉ chọn một lần.' });
    if (problems.length) throw unprocessable('Thông tin quầy chưa hợp lệ.', problems);
    const same = await this.repo.findCounterByCode(agencyId, input.code, conn);
    if (same && same.id !== id) throw conflict(`Đã có quầy số hiệu ${input.code} tại cơ quan.`, 'queue_counter_exists');
  }

  async createCounter(
    principal: Principal | null,
    actor: ActorContext,
    agencyId: string,
    input: CounterInput,
  ): Promise<CounterView> {
    assertCan(principal, 'queue.manage', agencyId);
    return this.deps.db.transaction().execute(async (trx) => {
      await this.checkCounter(trx, agencyId, input);
      const row = await this.repo.insertCounter(trx, { agencyId, ...input });
      await this.deps.audit().record(
        actor,
        {
          action: 'queue.counter_create',
          entityType: 'queue_counter',
          entityId: row.id,
          agencyId,
          after: counterView(row),
        },
        trx,
      );
      await this.repo.bumpBoard(trx, agencyId);
      return counterView(row);
    });
  }

  private async counterFor(principal: Principal | null, permission: 'queue.manage' | 'queue.serve', id: string) {
    const row = await this.repo.findCounter(id);
    if (!row) {
      assertCan(principal, permission);
      throw notFound('Không tìm thấy quầy.');
    }
    assertCan(principal, permission, row.agency_id);
    return row;
  }

  async updateCounter(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    input: CounterInput & { version: number },
  ): Promise<CounterView> {
    const current = await this.counterFor(principal, 'queue.manage', id);
    return this.deps.db.transaction().execute(async (trx) => {
      await this.checkCounter(trx, current.agency_id, input, id);
      const row = await this.repo.updateCounter(trx, id, input.version, input);
      if (!row) throw staleVersion('Quầy');
      await this.deps.audit().record(
        actor,
        {
          action: 'queue.counter_update',
          entityType: 'queue_counter',
          entityId: id,
          agencyId: row.agency_id,
          before: counterView(current),
          after: counterView(row),
        },
        trx,
      );
      await this.repo.bumpBoard(trx, row.agency_id);
      return counterView(row);
    });
  }

  async deleteCounter(principal: Principal | null, actor: ActorContext, id: string, version: number): Promise<void> {
    const current = await this.counterFor(principal, 'queue.manage', id);
    await this.deps.db.transaction().execute(async (trx) => {
      if (await this.repo.counterHasTickets(trx, id)) {
        throw conflict(
          'Quầy đã phục vụ người dân nên không xóa được (giữ cho thống kê). Hãy tạm ngừng quầy.',
          'queue_counter_used',
        );
      }
      if (!(await this.repo.deleteCounter(trx, id, version))) throw staleVersion('Quầy');
      await this.deps.audit().record(
        actor,
        {
          action: 'queue.counter_delete',
          entityType: 'queue_counter',
          entityId: id,
          agencyId: current.agency_id,
          before: counterView(current),
        },
        trx,
      );
      await this.repo.bumpBoard(trx, current.agency_id);
    });
  }

  // ---- kiosk (public) ----------------------------------------------------------------------------
  /** The agency of a kiosk or board page, or null (unknown code): pages answer 404. */
  async agencyByCode(code: string): Promise<AgencySummary | null> {
    if (!/^[0-9A-Z.]{1,20}$/.test(code)) return null;
    return this.deps.org().findAgencyByCode(code);
  }

  /** The fields a citizen can take a number for: those served by at least one active counter. */
  async kioskFields(agencyId: string): Promise<(FieldView & { waiting: number })[]> {
    const [fields, counters, waiting] = await Promise.all([
      this.repo.listFields(agencyId),
      this.repo.listCounters(agencyId),
      this.repo.waitingCounts(agencyId, this.today()),
    ]);
    const served = new Set(counters.filter((c) => c.active).flatMap((c) => c.fields));
    return fields
      .filter((f) => served.has(f.field))
      .map((f) => ({ ...fieldView(f), waiting: waiting.get(f.field) ?? 0 }));
  }

  /** A citizen takes a number for a field (given by its letter) at the kiosk. */
  async takeTicket(actor: ActorContext, agencyId: string, prefix: string): Promise<TicketView> {
    const field = (await this.kioskFields(agencyId)).find((f) => f.prefix === prefix);
    if (!field) throw notFound('Lĩnh vực này hiện không nhận số thứ tự. Vui lòng chọn lĩnh vực khác.');
    const now = this.deps.clock();
    const day = localIsoDate(now);
    return this.deps.db.transaction().execute(async (trx) => {
      const seq = await this.repo.allocateSequence(trx, agencyId, day, prefix);
      if (seq === null) {
        throw conflict(
          `Lĩnh vực ${field.field} đã cấp đủ ${MAX_DAILY_NUMBER} số thứ tự hôm nay. Vui lòng liên hệ cán bộ tại quầy.`,
          'queue_numbers_exhausted',
        );
      }
      const row = await this.repo.insertTicket(trx, {
        agencyId,
        day,
        number: formatTicketNumber(prefix, seq),
        field: field.field,
        takenAt: now,
        queuedAt: now,
      });
      await this.audit(trx, actor, 'queue.ticket_take', agencyId, row.id, null, {
        number: row.number,
        field: row.field,
      });
      await this.repo.bumpBoard(trx, agencyId);
      return ticketView(row);
    });
  }

  /** A ticket for its printable page (the id is unguessable; the page is public). */
  async ticketForPage(agencyId: string, id: string): Promise<{ ticket: TicketView; ahead: number } | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const row = await this.repo.findTicket(id);
    if (!row || row.agency_id !== agencyId) return null;
    const ahead = row.status === 'waiting' ? await this.repo.peopleAhead(row, this.today()) : 0;
    return { ticket: ticketView(row), ahead };
  }

  // ---- the officer's desk ------------------------------------------------------------------------
  async desk(principal: Principal | null, counterId: string): Promise<DeskView> {
    const counter = await this.counterFor(principal, 'queue.serve', counterId);
    return this.deskOf(counter);
  }

  private async deskOf(counter: CounterRow): Promise<DeskView> {
    const day = this.today();
    const [current, waiting, fields, counters, skipped] = await Promise.all([
      this.repo.currentTicket(counter.id),
      this.repo.listWaiting(counter.agency_id, day),
      this.repo.listFields(counter.agency_id),
      this.repo.listCounters(counter.agency_id),
      this.repo.listSkipped(counter.id, day, 20),
    ]);
    const names = new Map(counters.map((c) => [c.id, c.name]));
    return {
      skipped: skipped.map((t) => ticketView(t, names)),
      counter: counterView(counter),
      current: current ? ticketView(current, names) : null,
      fields: fields.map((f: FieldRow) => ({
        ...fieldView(f),
        mine: counter.fields.includes(f.field),
        waiting: waiting.filter((t) => t.field === f.field).map((t) => ticketView(t, names)),
      })),
      forMe: waiting.filter((t) => t.target_counter_id === counter.id).map((t) => ticketView(t, names)),
      counters: counters.filter((c) => c.active).map(counterView),
    };
  }

  /** "Gọi số tiếp theo": the counter must be free (its current ticket done, skipped or transferred). */
  async callNext(principal: Principal | null, actor: ActorContext, counterId: string): Promise<TicketView | null> {
    const counter = await this.counterFor(principal, 'queue.serve', counterId);
    if (!counter.active) throw conflict('Quầy đang tạm ngừng, không gọi số được.', 'queue_counter_inactive');
    const now = this.deps.clock();
    return this.deps.db.transaction().execute(async (trx) => {
      const busy = await this.repo.currentTicket(counterId, trx);
      if (busy) {
        throw conflict(
          `Quầy đang phục vụ số ${busy.number}. Hãy bấm "Hoàn thành", "Bỏ qua" hoặc "Chuyển quầy" trước khi gọi số tiếp theo.`,
          'queue_counter_busy',
        );
      }
      const next = await this.repo.lockNextWaiting(
        trx,
        counter.agency_id,
        localIsoDate(now),
        counterId,
        counter.fields,
      );
      if (!next) return null;
      const row = await this.repo.updateTicket(trx, next.id, next.version, ['waiting'], {
        status: 'called',
        counter_id: counterId,
        served_by: principal?.kind === 'staff' ? principal.userId : null,
        call_count: 1,
        called_at: now,
        last_called_at: now,
      });
      if (!row) throw staleVersion('Số thứ tự');
      await this.audit(
        trx,
        actor,
        'queue.ticket_call',
        counter.agency_id,
        row.id,
        { status: 'waiting' },
        {
          status: 'called',
          number: row.number,
          counter: counter.code,
        },
      );
      await this.repo.bumpBoard(trx, counter.agency_id);
      return ticketView(row, new Map([[counter.id, counter.name]]));
    });
  }

  private async ticketFor(
    principal: Principal | null,
    id: string,
  ): Promise<{ ticket: TicketRow; counter: CounterRow }> {
    const ticket = await this.repo.findTicket(id);
    if (!ticket) {
      assertCan(principal, 'queue.serve');
      throw notFound('Không tìm thấy số thứ tự.');
    }
    assertCan(principal, 'queue.serve', ticket.agency_id);
    const counter = ticket.counter_id ? await this.repo.findCounter(ticket.counter_id) : undefined;
    if (!counter) throw conflict(`Số ${ticket.number} chưa được gọi tại quầy nào.`, 'queue_ticket_not_called');
    return { ticket, counter };
  }

  private async move(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    version: number,
    action: 'recall' | 'start' | 'skip' | 'done',
  ): Promise<TicketView> {
    const { ticket, counter } = await this.ticketFor(principal, id);
    const now = this.deps.clock();
    const rule = MOVES[action];
    if (!rule.from.includes(ticket.status)) {
      throw conflict(
        `Số ${ticket.number} đang ở trạng thái "${STATUS_LABELS[ticket.status]}": ${rule.refusal}`,
        'queue_bad_state',
      );
    }
    return this.deps.db.transaction().execute(async (trx) => {
      if (ticket.status === 'skipped') {
        // A citizen who missed the call comes back: the number is called again at the same counter.
        if (localIsoDate(ticket.taken_at) !== localIsoDate(now))
          throw conflict(`Số ${ticket.number} là số của ngày trước, không gọi lại được.`, 'queue_bad_state');
        const busy = await this.repo.currentTicket(counter.id, trx);
        if (busy)
          throw conflict(
            `Quầy đang phục vụ số ${busy.number}. Hãy hoàn thành số đó trước khi gọi lại số ${ticket.number}.`,
            'queue_counter_busy',
          );
      }
      const patch =
        action === 'recall'
          ? ticket.status === 'skipped'
            ? { status: 'called' as const, finished_at: null, call_count: ticket.call_count + 1, last_called_at: now }
            : { call_count: ticket.call_count + 1, last_called_at: now }
          : action === 'start'
            ? { status: 'serving' as const, serving_started_at: now }
            : action === 'skip'
              ? { status: 'skipped' as const, finished_at: now }
              : // Done straight from "called": the service began when the citizen was called.
                {
                  status: 'done' as const,
                  finished_at: now,
                  serving_started_at: ticket.serving_started_at ?? ticket.called_at ?? now,
                };
      const row = await this.repo.updateTicket(trx, id, version, rule.from, patch);
      if (!row) throw staleVersion('Số thứ tự');
      await this.audit(
        trx,
        actor,
        `queue.ticket_${action}`,
        ticket.agency_id,
        id,
        { status: ticket.status },
        {
          status: row.status,
          number: row.number,
          counter: counter.code,
          callCount: row.call_count,
        },
      );
      await this.repo.bumpBoard(trx, ticket.agency_id);
      return ticketView(row, new Map([[counter.id, counter.name]]));
    });
  }

  recall = (p: Principal | null, a: ActorContext, id: string, v: number) => this.move(p, a, id, v, 'recall');
  start = (p: Principal | null, a: ActorContext, id: string, v: number) => this.move(p, a, id, v, 'start');
  skip = (p: Principal | null, a: ActorContext, id: string, v: number) => this.move(p, a, id, v, 'skip');
  done = (p: Principal | null, a: ActorContext, id: string, v: number) => this.move(p, a, id, v, 'done');

  /**
   * "Chuyển quầy": the ticket ends as `transferred` and the same number waits again, for another
   * counter and/or field, keeping its original place in the line (taken_at).
   */
  async transfer(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    input: { version: number; counterId?: string | undefined; field?: string | undefined },
  ): Promise<TicketView> {
    const { ticket, counter } = await this.ticketFor(principal, id);
    if (!['called', 'serving'].includes(ticket.status))
      throw conflict(`Số ${ticket.number} không còn ở quầy nên không chuyển được.`, 'queue_bad_state');
    if (!input.counterId && !input.field)
      throw unprocessable('Chọn quầy hoặc lĩnh vực cần chuyển đến.', [
        { field: '/counterId', message: 'Chọn quầy hoặc lĩnh vực cần chuyển đến.' },
      ]);
    let target: CounterRow | undefined;
    if (input.counterId) {
      target = await this.repo.findCounter(input.counterId);
      if (!target || target.agency_id !== ticket.agency_id || !target.active)
        throw unprocessable('Quầy chuyển đến không hợp lệ.', [
          { field: '/counterId', message: 'Chọn một quầy đang hoạt động của cơ quan.' },
        ]);
      if (target.id === counter.id)
        throw unprocessable('Quầy chuyển đến không hợp lệ.', [
          { field: '/counterId', message: 'Chọn một quầy khác quầy hiện tại.' },
        ]);
    }
    const field = input.field ?? ticket.field;
    if (input.field && !(await this.repo.listFields(ticket.agency_id)).some((f) => f.field === input.field))
      throw unprocessable('Lĩnh vực chuyển đến không hợp lệ.', [
        { field: '/field', message: 'Chọn một lĩnh vực nhận số của cơ quan.' },
      ]);
    const now = this.deps.clock();
    return this.deps.db.transaction().execute(async (trx) => {
      const old = await this.repo.updateTicket(trx, id, input.version, ['called', 'serving'], {
        status: 'transferred',
        finished_at: now,
        serving_started_at: ticket.serving_started_at ?? ticket.called_at ?? now,
      });
      if (!old) throw staleVersion('Số thứ tự');
      const row = await this.repo.insertTicket(trx, {
        agencyId: ticket.agency_id,
        day: localIsoDate(now),
        number: ticket.number,
        field,
        takenAt: ticket.taken_at,
        queuedAt: now,
        targetCounterId: target?.id ?? null,
        transferredFromId: ticket.id,
      });
      await this.audit(
        trx,
        actor,
        'queue.ticket_transfer',
        ticket.agency_id,
        id,
        { counter: counter.code, field: ticket.field },
        {
          newTicketId: row.id,
          counter: target?.code ?? null,
          field,
        },
      );
      await this.repo.bumpBoard(trx, ticket.agency_id);
      return ticketView(row, new Map(target ? [[target.id, target.name]] : []));
    });
  }

  // ---- board and statistics ----------------------------------------------------------------------
  async board(agency: AgencySummary): Promise<BoardView> {
    const day = this.today();
    const [counters, recent, fields, waiting, versions] = await Promise.all([
      this.repo.listCounters(agency.id),
      this.repo.recentCalls(agency.id, day, 8),
      this.repo.listFields(agency.id),
      this.repo.waitingCounts(agency.id, day),
      this.repo.boardVersions([agency.id]),
    ]);
    const active = counters.filter((c) => c.active);
    const byCounter = new Map<string, TicketRow>();
    for (const t of recent) if (t.counter_id && !byCounter.has(t.counter_id)) byCounter.set(t.counter_id, t);
    const current = await Promise.all(active.map((c) => this.repo.currentTicket(c.id)));
    const names = new Map(counters.map((c) => [c.id, c.name]));
    const call = (t: TicketRow) => ({
      callId: `${t.id}:${t.call_count}`,
      number: t.number,
      field: t.field,
      counterCode: counters.find((c) => c.id === t.counter_id)?.code ?? '',
      counterName: names.get(t.counter_id ?? '') ?? '',
      calledAt: (t.last_called_at ?? t.updated_at).toISOString(),
    });
    return {
      agency: { code: agency.code, name: agency.name },
      version: versions.get(agency.id) ?? 0,
      generatedAt: this.deps.clock().toISOString(),
      counters: active.map((c, i) => {
        const t = current[i];
        return { code: c.code, name: c.name, current: t ? { ...call(t), status: t.status } : null };
      }),
      recent: recent.map(call),
      waiting: fields.map((f) => ({ field: f.field, prefix: f.prefix, count: waiting.get(f.field) ?? 0 })),
    };
  }

  async stats(principal: Principal | null, agencyId: string, from: string, to: string): Promise<StatsRow[]> {
    assertCan(principal, 'queue.manage', agencyId);
    const problems = [];
    if (from > to) problems.push({ field: '/from', message: 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.' });
    else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366)
      problems.push({ field: '/to', message: 'Chỉ thống kê tối đa 366 ngày một lần.' });
    if (problems.length) throw unprocessable('Khoảng thời gian thống kê chưa hợp lệ.', problems);
    return this.repo.stats(agencyId, from, to);
  }
}

export const STATUS_LABELS: Record<TicketRow['status'], string> = {
  waiting: 'Đang chờ',
  called: 'Đang gọi',
  serving: 'Đang phục vụ',
  done: 'Đã xong',
  skipped: 'Đã bỏ qua',
  transferred: 'Đã chuyển quầy',
};

const MOVES: Record<'recall' | 'start' | 'skip' | 'done', { from: TicketRow['status'][]; refusal: string }> = {
  recall: { from: ['called', 'skipped'], refusal: 'chỉ gọi lại được số đang gọi hoặc số đã bỏ qua.' },
  start: { from: ['called'], refusal: 'chỉ bắt đầu phục vụ được số đang gọi.' },
  skip: { from: ['called'], refusal: 'chỉ bỏ qua được số đang gọi mà người dân không có mặt.' },
  done: { from: ['called', 'serving'], refusal: 'chỉ hoàn thành được số đang gọi hoặc đang phục vụ.' },
};

/** Letters A–Z, one per field, no field twice. */
export function fieldListProblems(fields: { field: string; prefix: string }[]) {
  const problems: { field: string; message: string }[] = [];
  const names = new Set<string>();
  const prefixes = new Set<string>();
  fields.forEach((f, i) => {
    const name = f.field.trim();
    if (name === '') problems.push({ field: `/fields/${i}/field`, message: 'Nhập tên lĩnh vực.' });
    else if (names.has(name)) problems.push({ field: `/fields/${i}/field`, message: 'Lĩnh vực bị trùng.' });
    if (!/^[A-Z]$/.test(f.prefix))
      problems.push({ field: `/fields/${i}/prefix`, message: 'Chữ cái đầu số là một chữ in hoa A–Z.' });
    else if (prefixes.has(f.prefix))
      problems.push({ field: `/fields/${i}/prefix`, message: `Chữ cái ${f.prefix} đã dùng cho lĩnh vực khác.` });
    names.add(name);
    prefixes.add(f.prefix);
  });
  return problems;
}
