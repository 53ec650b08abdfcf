import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SO_THEO_DOI_LAYOUT } from '../papers/index.js';
import { pdfText } from '../papers/papers.test-helpers.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

interface ControlRowView {
  step: number | null;
  stepName: string;
  fromName: string;
  toName: string;
  handedAt: string;
  dueAt: string | null;
  doneAt: string | null;
  onTime: boolean | null;
  note: string | null;
}

describe('dossier papers 01–06, control sheet, ledger (Mẫu 07)', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let u: Awaited<ReturnType<typeof createCommune>>;
  let p5: string;
  let H: { officer: Headers; specialist: Headers; leader: Headers; uOfficer: Headers };
  let citizen: CitizenSession;
  const codes: Record<'sup' | 'rej' | 'ext' | 'stop' | 'walk' | 'nextDay', string> = {
    sup: '',
    rej: '',
    ext: '',
    stop: '',
    walk: '',
    nextDay: '',
  };

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Giấy Tờ Thử Nghiệm');
    u = await createCommune(t.app, province.id, 'UBND xã Láng Giềng');
    p5 = (await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id, u.agency.id], 5)).code;
    // Monday 9/3/2026, 09:00: 5 working days → due Monday 16/3 at 17:00.
    t.setNow(local('2026-03-09T09:00:00'));
    H = {
      officer: await session(t.app, a.officer),
      specialist: await session(t.app, a.specialist),
      leader: await session(t.app, a.leader),
      uOfficer: await session(t.app, u.officer),
    };
    for (const [key, name] of [
      ['sup', 'Nguyễn Văn Bổ Sung'],
      ['rej', 'Trần Thị Trả Lại'],
      ['ext', 'Lê Văn Gia Hạn'],
      ['stop', 'Phạm Thị Dừng'],
      ['walk', 'Hoàng Văn Kiểm Soát'],
    ] as const)
      codes[key] = (await receiveDossier(t.app, H.officer, receptionBody(p5, a.agency.id, name))).code;
    citizen = await signInCitizen(t.app);
  }, 120_000);
  afterAll(async () => t.close());

  const get = (headers: Headers, url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const pdf = async (headers: Headers, code: string, no: string) => {
    const res = await get(headers, `/dossiers/${code}/papers/${no}.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    return pdfText(res.rawPayload);
  };
  const act = async (headers: Headers, code: string, action: string, payload: object = {}) => {
    const d = await dossierDetail(t.app, headers, code);
    const res = await actOn(t.app, headers, code, action, { version: d.version, ...payload });
    expect(res.statusCode, res.body).toBe(200);
  };
  const notYet = async (code: string, no: string, words: string) => {
    const res = await get(H.officer, `/dossiers/${code}/papers/${no}.pdf`);
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string; detail: string }>()).toMatchObject({ code: 'paper_not_available' });
    expect(res.json<{ detail: string }>().detail).toContain(words);
  };

  it('Mẫu 01 (moved here) still prints the receipt', async () => {
    const text = await pdf(H.officer, codes.sup, '01');
    expect(text).toContain(codes.sup);
    expect(text).toContain('Nguyễn Văn Bổ Sung');
    expect(text).toContain('Nguyễn Thị Một Cửa'); // the receiving officer's full name
  });

  it('Mẫu 02: the supplement request, with what to supplement and why; 409 before any request', async () => {
    await notYet(codes.sup, '02', 'Hồ sơ chưa có yêu cầu bổ sung');
    await act(H.officer, codes.sup, 'request_supplement', {
      reason: 'Thiếu giấy tờ chứng minh nơi cư trú của người mẹ',
      note: 'Bản sao Giấy chứng sinh có chứng thực\nGiấy xác nhận thông tin về cư trú',
    });
    const text = await pdf(H.officer, codes.sup, '02');
    expect(text).toContain('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'.toUpperCase());
    expect(text).toContain(codes.sup);
    expect(text).toContain('Nguyễn Văn Bổ Sung');
    expect(text).toContain('Bản sao Giấy chứng sinh có chứng thực');
    expect(text).toContain('Giấy xác nhận thông tin về cư trú');
    expect(text).toContain('Thiếu giấy tờ chứng minh nơi cư trú của người mẹ');
  });

  it('Mẫu 03: the refusal with its reason and the legal basis; 409 when not refused', async () => {
    await notYet(codes.rej, '03', 'không bị từ chối');
    await act(H.leader, codes.rej, 'reject', { reason: 'Người yêu cầu không thuộc trường hợp được đăng ký tại xã' });
    const text = await pdf(H.officer, codes.rej, '03');
    expect(text).toContain(codes.rej);
    expect(text).toContain('Trần Thị Trả Lại');
    expect(text).toContain('Người yêu cầu không thuộc trường hợp được đăng ký tại xã');
    expect(text).toContain('23/2015/NĐ-CP'); // the procedure's legal basis
    expect(text).toContain('Phạm Văn Lãnh');
  });

  it('Mẫu 04: the apology with the old and new dates; 409 before the extension', async () => {
    await notYet(codes.ext, '04', 'chưa được gia hạn');
    await act(H.leader, codes.ext, 'extend_deadline', {
      reason: 'Cần xác minh thông tin cư trú tại địa phương khác',
      newDueAt: local('2026-03-18T17:00:00').toISOString(),
    });
    const text = await pdf(H.officer, codes.ext, '04');
    expect(text).toContain(codes.ext);
    expect(text).toContain('Lê Văn Gia Hạn');
    expect(text).toContain('Cần xác minh thông tin cư trú tại địa phương khác');
    expect(text).toContain('17 giờ 00 phút, ngày 16 tháng 3 năm 2026'); // the date on the receipt
    expect(text).toContain('17 giờ 00 phút, ngày 18 tháng 3 năm 2026'); // the new date
  });

  it('Mẫu 05: the stop notice; 409 while the dossier is processed', async () => {
    await notYet(codes.stop, '05', 'chưa bị dừng giải quyết');
    await act(H.officer, codes.stop, 'stop', { reason: 'Người nộp đề nghị dừng giải quyết để nộp lại hồ sơ khác' });
    const text = await pdf(H.officer, codes.stop, '05');
    expect(text).toContain(codes.stop);
    expect(text).toContain('Phạm Thị Dừng');
    expect(text).toContain('Người nộp đề nghị dừng giải quyết để nộp lại hồ sơ khác');
  });

  it('control sheet and Mẫu 06: every hand-over with its share of the time, on time or late', async () => {
    const code = codes.walk;
    t.setNow(local('2026-03-09T10:00:00'));
    H.officer = await session(t.app, a.officer);
    await act(H.officer, code, 'forward', { assigneeId: a.specialist.id });
    // The specialist's share (70 % of 5 working days from 09:00 on 9/3) ends on 13/3 at 09:27: late on 20/3.
    t.setNow(local('2026-03-20T09:00:00'));
    H.specialist = await session(t.app, a.specialist);
    H.leader = await session(t.app, a.leader);
    H.officer = await session(t.app, a.officer);
    await act(H.specialist, code, 'forward', { note: 'Đủ điều kiện cấp' });
    await act(H.leader, code, 'approve');

    const res = await get(H.officer, `/dossiers/${code}/control-sheet`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json<{ code: string; rows: ControlRowView[] }>().rows;
    expect(rows.map((r) => [r.step, r.stepName, r.fromName, r.toName])).toEqual([
      [0, 'Tiếp nhận hồ sơ', 'Hoàng Văn Kiểm Soát', 'Nguyễn Thị Một Cửa'],
      [1, 'Thẩm định, xử lý hồ sơ', 'Nguyễn Thị Một Cửa', 'Trần Văn Chuyên'],
      [2, 'Phê duyệt kết quả', 'Trần Văn Chuyên', 'Lãnh đạo cơ quan'],
      [3, 'Trả kết quả', 'Phạm Văn Lãnh', 'Bộ phận Một cửa'],
    ]);
    // 2610 office minutes from 09:00 on 9/3 to 17:00 on 16/3; shares 10/60/20/10 %.
    expect(rows.map((r) => r.dueAt)).toEqual([
      local('2026-03-09T15:21:00').toISOString(),
      local('2026-03-13T09:27:00').toISOString(),
      local('2026-03-16T10:39:00').toISOString(),
      local('2026-03-16T17:00:00').toISOString(),
    ]);
    expect(rows.map((r) => r.onTime)).toEqual([true, false, false, false]);
    expect(rows[3]?.doneAt).toBeNull();
    expect(rows[2]?.note).toBe('Đủ điều kiện cấp');

    const text = await pdf(H.officer, code, '06');
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(code);
    expect(text).toContain('Hoàng Văn Kiểm Soát');
    expect(text).toContain('Trần Văn Chuyên');
    expect(text).toContain('Đúng hạn');
    expect(text).toContain('Quá hạn');
  });

  it('answers 404 to another commune, 403 to a citizen and 401 to anonymous callers', async () => {
    H.uOfficer = await session(t.app, u.officer);
    citizen = await signInCitizen(t.app);
    const urls = [
      ...['01', '02', '03', '04', '05', '06'].map((no) => `/dossiers/${codes.sup}/papers/${no}.pdf`),
      `/dossiers/${codes.walk}/control-sheet`,
    ];
    for (const url of urls) {
      expect((await get(H.uOfficer, url)).statusCode, url).toBe(404);
      expect((await get(citizen.headers, url)).statusCode, url).toBe(403);
      expect((await get({}, url)).statusCode, url).toBe(401);
    }
  });

  it('Mẫu 07: the ledger of a period as XLSX, for staff of that agency only', async () => {
    t.setNow(local('2026-03-23T09:00:00'));
    H.officer = await session(t.app, a.officer);
    citizen = await signInCitizen(t.app);
    codes.nextDay = (await receiveDossier(t.app, H.officer, receptionBody(p5, a.agency.id, 'Đỗ Văn Tuần Sau'))).code;
    const url = (from: string, to: string, agencyId = a.agency.id) =>
      `/dossiers/ledger.xlsx?agencyId=${agencyId}&from=${from}&to=${to}`;

    const res = await get(H.officer, url('2026-03-09', '2026-03-09'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment; filename="so-theo-doi-ho-so-2026-03-09');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(3, 1).value).toBe('Từ ngày 09/03/2026 đến ngày 09/03/2026');
    const lines: string[][] = [];
    for (let r = SO_THEO_DOI_LAYOUT.firstDataRow; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      lines.push([2, 5, 7, 8, 9, 13].map((c) => row.getCell(c).text));
    }
    expect(lines.map((l) => l[0])).toEqual([codes.sup, codes.rej, codes.ext, codes.stop, codes.walk]);
    const byCode = new Map(lines.map((l) => [l[0], l]));
    expect(byCode.get(codes.rej)).toEqual([
      codes.rej,
      'Trần Thị Trả Lại',
      'UBND xã Giấy Tờ Thử Nghiệm',
      '09/03/2026 09:00',
      '16/03/2026 17:00',
      'Không đủ điều kiện giải quyết: Người yêu cầu không thuộc trường hợp được đăng ký tại xã',
    ]);
    expect(byCode.get(codes.ext)?.[4]).toBe('18/03/2026 17:00'); // the extended date
    expect(byCode.has(codes.nextDay)).toBe(false);

    const week = await get(H.officer, url('2026-03-09', '2026-03-23'));
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(week.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount - SO_THEO_DOI_LAYOUT.firstDataRow + 1).toBe(6);

    expect((await get(H.officer, url('2026-03-10', '2026-03-09'))).statusCode).toBe(422);
    expect((await get(H.officer, url('2026-03-09', '2026-03-09', u.agency.id))).statusCode).toBe(404);
    H.uOfficer = await session(t.app, u.officer);
    expect((await get(H.uOfficer, url('2026-03-09', '2026-03-09'))).statusCode).toBe(404);
    expect((await get(citizen.headers, url('2026-03-09', '2026-03-09'))).statusCode).toBe(403);
    expect((await get({}, url('2026-03-09', '2026-03-09'))).statusCode).toBe(401);
    // The other commune's own ledger of that day is empty of commune A's dossiers.
    const theirs = await get(H.uOfficer, url('2026-03-09', '2026-03-09', u.agency.id));
    expect(theirs.statusCode).toBe(200);
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(wb3.worksheets[0]!.rowCount).toBeLessThan(SO_THEO_DOI_LAYOUT.firstDataRow);
  });
});
