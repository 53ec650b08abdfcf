import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-db.js';
import { DossiersRepository, type InboxFilter, type NewDossier } from './dossiers.repository.js';

/**
 * The inbox query reads two index branches (responsible agency, receiving agency) and merges them
 * (migrations/0024_dossier_inbox_order.sql). Checked against a plain model: every visible dossier exactly
 * once, in urgency order (none last, then id), through every page size, and the same counts.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let repo: DossiersRepository;
const agencies = { a: randomUUID(), b: randomUUID(), c: randomUUID() };

const STATUSES = ['submitted', 'supplement_requested', 'received', 'transferred', 'result_ready', 'returned'] as const;
const ACTIVE = STATUSES.filter((s) => s !== 'returned');
const NOW = new Date('2026-03-16T03:00:00Z');
const FAR = Date.parse('9999-12-31T00:00:00Z');
const BOUNDS = {
  now: NOW,
  endOfToday: new Date('2026-03-16T17:00:00Z'),
  endOfSoon: new Date('2026-03-17T17:00:00Z'),
};

interface Model {
  id: string;
  code: string;
  status: string;
  current: string;
  receiving: string;
  due: Date | null;
  acceptBy: Date | null;
}

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

const models: Model[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  repo = new DossiersRepository(database.db);
  let n = 0;
  for (const [key, id] of Object.entries(agencies)) {
    await sql`insert into agencies (id, code, name, kind) values (${id}::uuid, ${`000.00.${String(++n).padStart(2, '0')}.H99`}, ${`Xã ${key}`}, 'ubnd_xa')`.execute(
      database.db,
    );
  }
  const ids = Object.values(agencies);
  const rnd = lcg(7);
  for (let i = 0; i < 90; i++) {
    const status = STATUSES[rnd(STATUSES.length)] as string;
    const receiving = ids[rnd(3)] as string;
    const current = rnd(3) === 0 ? (ids[rnd(3)] as string) : receiving;
    // Few distinct instants, so that ties are broken by id.
    const due = rnd(4) === 0 ? null : new Date(NOW.getTime() + (rnd(7) - 3) * 86_400_000);
    const acceptBy = status === 'submitted' && rnd(2) === 0 ? new Date(NOW.getTime() + (rnd(3) - 1) * 3_600_000) : null;
    const id = randomUUID();
    const code = `000.00.01.H99-260316-${String(i + 1).padStart(4, '0')}`;
    const row: NewDossier = {
      id,
      code,
      procedure_id: randomUUID(),
      procedure_code: '1.000001',
      procedure_name: 'Thủ tục thử',
      procedure_revision: 1,
      processing_time: JSON.stringify({ amount: 5, unit: 'working_days' }),
      receiving_agency_id: receiving,
      current_agency_id: current,
      channel: 'counter',
      applicant: JSON.stringify({ name: `Người nộp ${i}` }),
      status,
      received_at: NOW,
      due_at: status === 'submitted' ? null : due,
      accept_by: acceptBy,
    };
    await repo.insert(database.db, row);
    models.push({ id, code, status, current, receiving, due: row.due_at ?? null, acceptBy });
  }
});
afterAll(async () => {
  await database.dropSchema();
});

const urgency = (m: Model) => (m.due ?? (m.status === 'submitted' ? m.acceptBy : null))?.getTime() ?? FAR;

function expected(viewer: string[]) {
  return models
    .filter((m) => ACTIVE.includes(m.status as never) && (viewer.includes(m.current) || viewer.includes(m.receiving)))
    .sort((x, y) => urgency(x) - urgency(y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

const filter = (agencyIds: string[]): InboxFilter => ({
  agencyIds,
  scope: 'agency',
  userId: null,
  roles: [],
  statuses: [...ACTIVE],
  q: null,
});

async function allPages(f: InboxFilter, limit: number) {
  const codes: string[] = [];
  let cursor: { k: string; id: string } | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const { rows } = await repo.inbox(f, limit, cursor, BOUNDS);
    const page = rows.slice(0, limit);
    codes.push(...page.map((r) => r.code));
    if (rows.length <= limit) return codes;
    const last = page[page.length - 1];
    if (!last) return codes;
    const key = last.due_at ?? (last.status === 'submitted' ? last.accept_by : null);
    cursor = { k: (key ?? new Date(FAR)).toISOString(), id: last.id };
  }
  throw new Error('pagination does not end');
}

describe('inbox query (two ordered branches)', () => {
  for (const [name, viewer] of [
    ['one commune', [agencies.a]],
    ['two communes', [agencies.a, agencies.b]],
    ['every agency', Object.values(agencies)],
  ] as const) {
    it(`lists every visible active dossier once, most urgent first, on any page size: ${name}`, async () => {
      const want = expected([...viewer]).map((m) => m.code);
      expect(want.length).toBeGreaterThan(10);
      for (const limit of [1, 4, 50]) expect(await allPages(filter([...viewer]), limit)).toEqual(want);
    });

    it(`counts each visible active dossier once: ${name}`, async () => {
      const want = expected([...viewer]);
      const { endOfToday, endOfSoon } = BOUNDS;
      const { counts } = await repo.inbox(filter([...viewer]), 5, null, BOUNDS);
      const u = want.map(urgency);
      expect(counts).toEqual({
        overdue: u.filter((x) => x < NOW.getTime()).length,
        dueToday: u.filter((x) => x >= NOW.getTime() && x < endOfToday.getTime()).length,
        dueSoon: u.filter((x) => x >= endOfToday.getTime() && x < endOfSoon.getTime()).length,
        onTime: u.filter((x) => x >= endOfSoon.getTime()).length,
        total: want.length,
      });
    });
  }

  it('gives the counts with an empty page, and nothing for an agency with no dossier', async () => {
    const viewer = [agencies.a];
    const past = { k: '9999-12-31T00:00:00.000Z', id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
    const end = await repo.inbox(filter(viewer), 50, past, BOUNDS);
    expect(end.rows).toEqual([]);
    expect(end.counts.total).toBe(expected(viewer).length);
    const none = await repo.inbox(filter([randomUUID()]), 50, null, BOUNDS);
    expect(none).toEqual({
      rows: [],
      counts: { overdue: 0, dueToday: 0, dueSoon: 0, onTime: 0, total: 0 },
      version: '0',
      nextChange: null,
    });
  });

  it('gives the first urgency instant at or after now, the moment the answer stops holding', async () => {
    for (const viewer of [[agencies.a], [agencies.b, agencies.c]]) {
      const next = expected(viewer)
        .map(urgency)
        .filter((u) => u >= NOW.getTime())
        .sort((x, y) => x - y)[0];
      const { nextChange } = await repo.inbox(filter(viewer), 5, null, BOUNDS);
      expect(nextChange?.getTime()).toBe(next);
    }
  });
});

describe('change counter of the agencies (migrations/0026_dossier_agency_versions.sql)', () => {
  const versions = async () => ({
    a: await repo.inboxVersion([agencies.a]),
    b: await repo.inboxVersion([agencies.b]),
    c: await repo.inboxVersion([agencies.c]),
  });

  it('is read with the page, in the same statement', async () => {
    const { version } = await repo.inbox(filter([agencies.a, agencies.b]), 5, null, BOUNDS);
    expect(version).toBe(await repo.inboxVersion([agencies.a, agencies.b]));
  });

  it('moves for the agencies a write leaves and enters, and only for them', async () => {
    const moved = models.find((m) => m.current === agencies.a && m.receiving === agencies.a);
    if (!moved) throw new Error('no dossier of agency a in the model');
    const before = await versions();
    // A transfer from a to b: a (left, still receiving) and b (entered) move, c does not.
    await sql`update dossiers set current_agency_id = ${agencies.b}::uuid where id = ${moved.id}::uuid`.execute(
      database.db,
    );
    const afterTransfer = await versions();
    expect(BigInt(afterTransfer.a)).toBeGreaterThan(BigInt(before.a));
    expect(BigInt(afterTransfer.b)).toBeGreaterThan(BigInt(before.b));
    expect(afterTransfer.c).toBe(before.c);
    // Back again, so the model above stays true; a statement touching no row moves nothing.
    await sql`update dossiers set current_agency_id = ${agencies.a}::uuid where id = ${moved.id}::uuid`.execute(
      database.db,
    );
    const back = await versions();
    await sql`update dossiers set version = version where id = ${randomUUID()}::uuid`.execute(database.db);
    expect(await versions()).toEqual(back);
  });

  it('moves with every row a statement inserts, for a new agency too', async () => {
    const fresh = randomUUID();
    await sql`insert into agencies (id, code, name, kind) values (${fresh}::uuid, '000.00.09.H99', 'Xã mới', 'ubnd_xa')`.execute(
      database.db,
    );
    expect(await repo.inboxVersion([fresh])).toBe('0');
    await repo.insert(database.db, {
      id: randomUUID(),
      code: '000.00.09.H99-260316-0001',
      procedure_id: randomUUID(),
      procedure_code: '1.000001',
      procedure_name: 'Thủ tục thử',
      procedure_revision: 1,
      processing_time: JSON.stringify({ amount: 5, unit: 'working_days' }),
      receiving_agency_id: fresh,
      current_agency_id: fresh,
      channel: 'counter',
      applicant: JSON.stringify({ name: 'Người nộp mới' }),
      status: 'received',
      received_at: NOW,
    });
    expect(await repo.inboxVersion([fresh])).toBe('1');
    await sql`delete from dossiers where receiving_agency_id = ${fresh}::uuid`.execute(database.db);
  });
});
