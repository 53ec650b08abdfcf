import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { samplePdf } from './sample-pdf.js';
import type { ActorContext } from '../http/request-context.js';
import type { Principal } from '../modules/auth/principal.js';
import { dayOf, fromLocal, isoOf, localIsoDate } from '../modules/calendar/local-time.js';
import { DossierFilesService } from '../modules/dossiers/dossier-files.service.js';
import type { DossierAction, ReturnMethod } from '../modules/dossiers/dossier-states.js';
import { type ActionInput, DossiersService } from '../modules/dossiers/dossiers.service.js';
import { demoFormData } from './demo-form-data.js';
import { registerDemoSeeder, type DemoLogin } from './demo.js';

/**
 * Demo dossiers (issue 3 §2): about 40 dossiers of Phường Đồng Hới in every state an officer can bring them
 * to — online ones awaiting acceptance (some late), at each workflow step, overdue / due today / due soon,
 * one extended (Mẫu 04), waiting for a supplement, refused, rejected, stopped, with a result, returned — and
 * three transferred (liên thông) to Sở Tư pháp, which are the Sở's inbox. Everything goes through the
 * dossiers service (codes, due dates, events, audit) with its clock set to past instants, so the dates are
 * what the rules give. Idempotent: nothing is done when Phường Đồng Hới already has dossiers.
 *
 * Not seeded: `withdrawn` (only the applicant withdraws, through the citizens' routes of issue 4) and
 * processing by Sở Tư pháp (the demo has no Sở officers; its dossiers wait for its reception).
 */

const DONG_HOI = '000.00.61.H50';
const SO_TU_PHAP = '000.00.12.H50';
const USERS = { motcua: 'motcua.donghoi', chuyenvien: 'chuyenvien.donghoi', lanhdao: 'lanhdao.donghoi' } as const;
type Who = keyof typeof USERS;

/** Procedures of the demo catalogue (procedures.seed.ts) implemented by the demo communes, with their times. */
const P = {
  honNhan: '1.004873', // Cấp Giấy xác nhận tình trạng hôn nhân, 3 ngày làm việc
  khaiSinhLai: '1.004884', // Đăng ký lại khai sinh, 5 ngày làm việc
  xayDung: '1.013225', // Cấp giấy phép xây dựng nhà ở riêng lẻ, 7 ngày làm việc
  giamHo: '1.004845', // Đăng ký chấm dứt giám hộ, 2 ngày làm việc
  hoKinhDoanh: '1.001612', // Đăng ký thành lập hộ kinh doanh, 3 ngày làm việc, toàn trình
  chaMeCon: '1.001022', // Đăng ký nhận cha, mẹ, con, 3 ngày làm việc
} as const;

const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Cường',
  'Phạm Thị Dung',
  'Hoàng Văn Em',
  'Võ Thị Giang',
  'Đặng Minh Hải',
  'Bùi Thị Hạnh',
  'Đỗ Quang Huy',
  'Hồ Thị Kim',
  'Ngô Văn Lâm',
  'Dương Thị Mai',
  'Lý Văn Nam',
  'Trương Thị Oanh',
  'Phan Văn Phúc',
  'Vũ Thị Quỳnh',
  'Đinh Văn Sơn',
  'Mai Thị Thu',
  'Cao Văn Tùng',
  'Lâm Thị Uyên',
];

const tinyPdf = (text: string) => samplePdf(text, { size: 'A4', margin: 50 });

export async function seedDossiersDemo(app: FastifyInstance): Promise<DemoLogin[]> {
  const donghoi = await app.org.findAgencyByCode(DONG_HOI);
  const stp = await app.org.findAgencyByCode(SO_TU_PHAP);
  if (!donghoi || !stp) return [];
  let clock = app.clock();
  const realNow = app.clock();
  const service = new DossiersService({
    db: app.database.db,
    audit: () => app.audit,
    org: () => app.org,
    procedures: () => app.procedures,
    calendar: () => app.calendar,
    clock: () => clock,
    resultFiles: (dossierId, ids) => files.resultFileProblems(dossierId, ids),
  });
  const files: DossierFilesService = new DossierFilesService({
    db: app.database.db,
    dossiers: service,
    files: () => app.files,
    signing: () => undefined,
    audit: () => app.audit,
    org: () => app.org,
    clock: () => clock,
  });
  if (await service.repo.hasDossiers(donghoi.id)) return [];

  const staff = {} as Record<Who, { principal: Principal; actor: ActorContext }>;
  for (const [who, username] of Object.entries(USERS) as [Who, string][]) {
    const account = await app.org.findStaffByUsername(username);
    if (!account) return [];
    staff[who] = {
      principal: {
        kind: 'staff',
        userId: account.id,
        username,
        fullName: account.fullName,
        sessionId: 'demo-seed',
        grants: await app.org.getGrants(account.id),
        mustChangePassword: false,
      },
      actor: {
        actorKind: 'staff',
        actorId: account.id,
        actorName: username,
        ip: null,
        userAgent: null,
        requestId: null,
      },
    };
  }
  for (const code of Object.values(P)) {
    const p = await app.procedures.findPublished(code);
    if (!p || !p.agencyIds.includes(donghoi.id)) return []; // the catalogue seed did not run
  }

  /** The instant `n` working days before today (0 = today) at hh:mm local, never after now. */
  const workingDays: string[] = [];
  for (let day = dayOf(localIsoDate(realNow)); workingDays.length < 15; day--)
    if (await app.calendar.isWorkingDay(isoOf(day))) workingDays.push(isoOf(day));
  const at = (n: number, hh: number, mm = 0) => {
    const t = fromLocal(dayOf(workingDays[n] ?? workingDays[0]!), (hh * 60 + mm) * 60_000);
    return t.getTime() > realNow.getTime() ? new Date(realNow.getTime() - 60_000) : t;
  };
  let nameNo = 0;
  const applicant = () => {
    const name = NAMES[nameNo++ % NAMES.length]!;
    const n = String(nameNo).padStart(3, '0');
    return { name, idNumber: `044090000${n}`, phone: `0912000${n}`, address: 'Phường Đồng Hới, tỉnh Quảng Trị' };
  };

  const receive = async (procedureCode: string, when: Date, channel: 'counter' | 'post' = 'counter') => {
    clock = when;
    const p = await app.procedures.findPublished(procedureCode);
    const who = applicant();
    const r = await service.receive(staff.motcua.principal, staff.motcua.actor, {
      procedureCode,
      agencyId: donghoi.id,
      channel,
      applicant: who,
      components: (p?.components ?? []).map((c) => ({
        name: c.name,
        copies: Math.max(1, c.originals + c.copies),
        form: 'original' as const,
        received: true,
      })),
      // The e-form of the procedure, filled in (data/procedures/thu-tuc.json; {} when it has none).
      formData: demoFormData(procedureCode, who),
    });
    return r.code;
  };
  const online = async (procedureCode: string, when: Date) => {
    clock = when;
    const p = await app.procedures.findPublished(procedureCode);
    const uploaded: { component: string; fileId: string }[] = [];
    for (const c of (p?.components ?? []).filter((x) => x.required && !x.condition)) {
      const fileId = randomUUID();
      await app.files.storage.put(`demo/online/${fileId}.pdf`, await tinyPdf(`Ho so nop truc tuyen: ${c.name}`), {
        contentType: 'application/pdf',
      });
      uploaded.push({ component: c.name, fileId });
    }
    const a = applicant();
    const r = await service.submitOnline({
      citizenId: randomUUID(),
      procedureCode,
      agencyId: donghoi.id,
      applicant: a,
      formData: demoFormData(procedureCode, a),
      files: uploaded,
    });
    return r.code;
  };
  const act = async (code: string, who: Who, action: DossierAction, when: Date, extra: Partial<ActionInput> = {}) => {
    clock = when;
    const row = await service.repo.findByCode(code);
    if (!row) throw new Error(`demo dossier ${code} missing`);
    await service.act(staff[who].principal, staff[who].actor, code, action, { version: row.version, ...extra });
  };
  const result = async (code: string, who: Who, when: Date) => {
    clock = when;
    const file = await files.upload(staff[who].principal, staff[who].actor, code, {
      kind: 'result',
      component: null,
      sign: null,
      file: { filename: 'ket-qua.pdf', declaredType: 'application/pdf', bytes: await tinyPdf(`Ket qua ho so ${code}`) },
    });
    await act(code, who, 'attach_result', when, { resultFileIds: [file.id] });
  };
  const specialist = staff.chuyenvien.principal.kind === 'staff' ? staff.chuyenvien.principal.userId : undefined;
  const toSpecialist = (code: string, when: Date) => act(code, 'motcua', 'forward', when, { assigneeId: specialist });
  const toLeader = (code: string, when: Date) => act(code, 'chuyenvien', 'forward', when);
  const approve = (code: string, when: Date) => act(code, 'lanhdao', 'approve', when);
  const fullRun = async (code: string, n: number) => {
    await toSpecialist(code, at(n, 10));
    await toLeader(code, at(n, 14));
    await approve(code, at(n, 15, 30));
  };
  const returnResult = (code: string, when: Date, returnMethod: ReturnMethod) =>
    act(code, 'motcua', 'return_result', when, { returnMethod });

  // Online, awaiting acceptance: on time (just now, a few hours ago) and late (8 working hours passed).
  await online(P.hoKinhDoanh, new Date(realNow.getTime() - 20 * 60_000));
  await online(P.honNhan, new Date(realNow.getTime() - 2 * 3_600_000));
  await online(P.chaMeCon, at(1, 15));
  await online(P.hoKinhDoanh, at(2, 9, 15));
  await online(P.honNhan, at(3, 10, 40));
  // Online, accepted and in processing; one sent back for a supplement.
  for (const n of [2, 1]) {
    const code = await online(P.hoKinhDoanh, at(n, 8, 5));
    await act(code, 'motcua', 'receive', at(n, 9, 30));
    await toSpecialist(code, at(n, 9, 45));
  }
  const waiting = await online(P.chaMeCon, at(1, 8, 30));
  await act(waiting, 'motcua', 'request_supplement', at(1, 10), {
    reason: 'Ảnh chụp giấy tờ chứng minh quan hệ cha, mẹ, con không đọc được; đề nghị nộp lại bản rõ nét.',
  });
  // Refused at reception (online): outside the commune's competence.
  for (const n of [4, 3]) {
    const code = await online(P.honNhan, at(n, 9));
    await act(code, 'motcua', 'refuse', at(n, 10), {
      reason: 'Người yêu cầu không cư trú tại phường; đề nghị nộp tại UBND xã nơi cư trú.',
    });
  }

  // Counter and post: waiting on the reception step, with the specialist (overdue, due today, due soon, on time).
  await receive(P.khaiSinhLai, at(1, 14));
  await receive(P.honNhan, at(1, 15), 'post');
  await receive(P.giamHo, at(0, 8));
  for (const [proc, n] of [
    [P.honNhan, 5], // overdue
    [P.giamHo, 4], // overdue
    [P.honNhan, 3], // due today
    [P.giamHo, 2], // due today
    [P.honNhan, 2], // due soon
    [P.khaiSinhLai, 3],
    [P.xayDung, 2],
    [P.xayDung, 1],
  ] as const) {
    const code = await receive(proc, at(n, 8, 30), n === 3 ? 'post' : 'counter');
    await toSpecialist(code, at(n, 9));
  }
  // With the leader for approval (one overdue).
  for (const [proc, n] of [
    [P.honNhan, 4],
    [P.khaiSinhLai, 4],
    [P.chaMeCon, 2],
    [P.xayDung, 6],
  ] as const) {
    const code = await receive(proc, at(n, 8));
    await toSpecialist(code, at(n, 9));
    await toLeader(code, at(n === 2 ? 1 : n - 1, 10));
  }
  // Approved, back at the one-stop desk; with the result ready to hand over.
  for (const [proc, n, withResult] of [
    [P.honNhan, 3, false],
    [P.giamHo, 2, false],
    [P.honNhan, 2, true],
    [P.khaiSinhLai, 4, true],
    [P.chaMeCon, 3, true],
  ] as const) {
    const code = await receive(proc, at(n, 8));
    await fullRun(code, n);
    if (withResult) await result(code, 'motcua', at(n === 2 ? 1 : n - 1, 9));
  }
  // Returned: at the counter, by post, online.
  for (const [proc, n, how, channel] of [
    [P.honNhan, 9, 'counter', 'counter'],
    [P.giamHo, 8, 'counter', 'counter'],
    [P.khaiSinhLai, 10, 'post', 'post'],
    [P.chaMeCon, 7, 'counter', 'counter'],
    [P.honNhan, 6, 'post', 'counter'],
  ] as const) {
    const code = await receive(proc, at(n, 8, 15), channel);
    await fullRun(code, n);
    await result(code, 'motcua', at(n - 1, 8));
    await returnResult(code, at(n - 1, 10), how);
  }
  // Waiting for the applicant's supplement (clock stopped).
  const supp = await receive(P.xayDung, at(5, 9));
  await toSpecialist(supp, at(5, 9, 30));
  await act(supp, 'chuyenvien', 'request_supplement', at(4, 10), {
    reason: 'Bản vẽ thiết kế thiếu mặt cắt; đề nghị bổ sung theo Mẫu 02.',
  });
  // Extended once (Mẫu 04): flagged late at least one working day ahead, with a new date.
  const late = await receive(P.honNhan, at(4, 8));
  await toSpecialist(late, at(4, 9));
  clock = at(3, 9);
  const lateRow = await service.repo.findByCode(late);
  if (lateRow?.due_at) {
    const newDue = fromLocal(dayOf(workingDays[0]!) + 7, 17 * 3_600_000);
    let d = dayOf(localIsoDate(newDue));
    while (!(await app.calendar.isWorkingDay(isoOf(d)))) d++;
    await act(late, 'chuyenvien', 'extend_deadline', at(3, 9), {
      reason: 'Cần xác minh thông tin hộ tịch tại nơi đăng ký trước đây.',
      newDueAt: fromLocal(d, 17 * 3_600_000).toISOString(),
    });
  }
  // Rejected after review (leader), stopped at the applicant's request.
  const rejected = await receive(P.chaMeCon, at(6, 9));
  await toSpecialist(rejected, at(6, 10));
  await toLeader(rejected, at(5, 10));
  await act(rejected, 'lanhdao', 'reject', at(5, 15), {
    reason: 'Kết quả xác minh cho thấy hồ sơ không đủ điều kiện đăng ký nhận cha, con.',
  });
  const stopped = await receive(P.khaiSinhLai, at(5, 8, 30));
  await toSpecialist(stopped, at(5, 9));
  await act(stopped, 'motcua', 'stop', at(4, 14), { reason: 'Người nộp có đơn đề nghị dừng giải quyết hồ sơ.' });
  // Liên thông: transferred to Sở Tư pháp, awaiting its reception.
  for (const n of [3, 2, 1]) {
    const code = await receive(P.khaiSinhLai, at(n, 9, 10));
    await toSpecialist(code, at(n, 9, 30));
    await act(code, 'chuyenvien', 'transfer_to_agency', at(n, 14), {
      targetAgencyId: stp.id,
      note: 'Chuyển Sở Tư pháp xác minh theo quy trình liên thông.',
    });
  }
  app.log.info('demo dossiers of Phường Đồng Hới seeded');
  return [];
}

registerDemoSeeder(seedDossiersDemo);
