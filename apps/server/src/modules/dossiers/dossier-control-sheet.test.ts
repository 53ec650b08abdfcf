import { describe, expect, it } from 'vitest';
import { shippedOrDerived } from '../calendar/official-schedules.js';
import { buildCalendar } from '../calendar/working-time.js';
import { type ControlEvent, type ControlSheetInput, controlSheet, outcomeOf } from './dossier-control-sheet.js';
import type { WorkflowStep } from './dossier-states.js';

// Office hours 07:30–11:30 and 13:30–17:00 (450 minutes a day); March 2026 has no holiday.
const cal = buildCalendar({ years: [2025, 2026, 2027].map(shippedOrDerived) });
const at = (local: string) => new Date(`${local}+07:00`);

const WORKFLOW: WorkflowStep[] = [
  { key: 'tiep_nhan', name: 'Tiếp nhận hồ sơ', role: 'can_bo_mot_cua', share: 10, isApproval: false },
  { key: 'xu_ly', name: 'Thẩm định, xử lý hồ sơ', role: 'chuyen_vien', share: 60, isApproval: false },
  { key: 'phe_duyet', name: 'Phê duyệt kết quả', role: 'lanh_dao', share: 20, isApproval: true },
  { key: 'tra_ket_qua', name: 'Trả kết quả', role: 'can_bo_mot_cua', share: 10, isApproval: false },
];

let seq = 0;
const ev = (action: string, local: string, actorId: string, extra: Partial<ControlEvent> = {}): ControlEvent => ({
  seq: ++seq,
  action,
  at: at(local),
  actorId,
  actorName: actorId,
  agencyId: 'xa-a',
  step: null,
  note: null,
  reason: null,
  data: {},
  ...extra,
});

function input(events: ControlEvent[], over: Partial<ControlSheetInput> = {}): ControlSheetInput {
  return {
    events,
    workflow: WORKFLOW,
    receivedAt: at('2026-03-09T09:00'),
    processingTime: { amount: 10, unit: 'working_days' },
    cutoff: null,
    pauses: [],
    extension: null,
    // 10 working days after Mon 9/3: Mon 23/3 at the close of office hours.
    dueAt: at('2026-03-23T17:00'),
    applicantName: 'Nguyễn Văn Đức',
    receivingAgencyId: 'xa-a',
    people: new Map([
      ['u1', 'Nguyễn Thị Một Cửa'],
      ['u2', 'Trần Văn Chuyên'],
      ['u3', 'Phạm Văn Lãnh'],
    ]),
    agencies: new Map([
      ['xa-a', 'UBND xã A'],
      ['tinh', 'Sở Tư pháp'],
    ]),
    now: at('2026-03-25T09:00'),
    ...over,
  };
}

const walk = () => [
  ev('receive', '2026-03-09T09:00', 'u1', { step: 0 }),
  ev('forward', '2026-03-10T09:00', 'u1', { step: 1, data: { assigneeId: 'u2' } }),
  ev('forward', '2026-03-19T08:00', 'u2', { step: 2, note: 'Đủ điều kiện' }),
  ev('approve', '2026-03-20T10:00', 'u3', { step: 3 }),
  ev('attach_result', '2026-03-20T11:00', 'u1', { step: 3 }),
  ev('return_result', '2026-03-23T08:00', 'u1', { step: 3 }),
];

describe('process control sheet (Mẫu 06 rows)', () => {
  it('gives each step its share of the working time and says on time or late', () => {
    const rows = controlSheet(cal, input(walk()));
    expect(rows.map((r) => [r.step, r.stepName, r.fromName, r.toName])).toEqual([
      [0, 'Tiếp nhận hồ sơ', 'Nguyễn Văn Đức', 'Nguyễn Thị Một Cửa'],
      [1, 'Thẩm định, xử lý hồ sơ', 'Nguyễn Thị Một Cửa', 'Trần Văn Chuyên'],
      [2, 'Phê duyệt kết quả', 'Trần Văn Chuyên', 'Lãnh đạo cơ quan'],
      [3, 'Trả kết quả', 'Phạm Văn Lãnh', 'Bộ phận Một cửa'],
      [null, 'Trả kết quả cho tổ chức, cá nhân', 'Nguyễn Thị Một Cửa', 'Bộ phận Một cửa'],
    ]);
    // Whole time from 09:00 on 9/3: 360 min that day + 10 × 450 = 4860 min. Shares 10/60/20/10 %:
    // step 0 ends at 486 min → 10/3 09:36; step 1 at 3402 min → 18/3 15:12; step 2 at 4374 min → 20/3 16:24.
    expect(rows.map((r) => r.dueAt?.toISOString())).toEqual([
      at('2026-03-10T09:36').toISOString(),
      at('2026-03-18T15:12').toISOString(),
      at('2026-03-20T16:24').toISOString(),
      at('2026-03-23T17:00').toISOString(),
      at('2026-03-23T17:00').toISOString(),
    ]);
    expect(rows.map((r) => r.doneAt?.toISOString() ?? null)).toEqual([
      at('2026-03-10T09:00').toISOString(),
      at('2026-03-19T08:00').toISOString(),
      at('2026-03-20T10:00').toISOString(),
      at('2026-03-20T11:00').toISOString(),
      at('2026-03-23T08:00').toISOString(),
    ]);
    expect(rows.map((r) => r.onTime)).toEqual([true, false, true, true, true]);
    expect(rows.map((r) => outcomeOf(r))).toEqual(['on_time', 'late', 'on_time', 'early', 'on_time']);
    expect(rows[1]?.toAgencyName).toBe('UBND xã A');
    expect(rows[2]?.note).toBe('Đủ điều kiện');
    expect(rows[4]?.note).toContain('Đã trả kết quả');
  });

  it('does not count the wait for the applicant: a one-day pause moves later steps by one working day', () => {
    const events = walk();
    const rows = controlSheet(
      cal,
      input(events, { pauses: [{ from: at('2026-03-11T07:30'), to: at('2026-03-12T07:30') }] }),
    );
    expect(rows[0]?.dueAt?.toISOString()).toBe(at('2026-03-10T09:36').toISOString()); // before the pause
    expect(rows[1]?.dueAt?.toISOString()).toBe(at('2026-03-19T15:12').toISOString());
    expect(rows[1]?.onTime).toBe(true); // done 19/3 08:00, now within its moved share
  });

  it('leaves open rows open: null while in time, false once past the due instant', () => {
    const events = walk().slice(0, 2);
    const early = controlSheet(cal, input(events, { now: at('2026-03-12T09:00') }));
    expect(early.map((r) => r.onTime)).toEqual([true, null]);
    const late = controlSheet(cal, input(events, { now: at('2026-03-18T15:13') }));
    expect(late.map((r) => r.onTime)).toEqual([true, false]);
    expect(late[1]?.doneAt).toBeNull();
  });

  it('records a return to the previous step, a last-step approval, supplements and a transfer to another agency', () => {
    const rows = controlSheet(
      cal,
      input([
        ev('receive', '2026-03-09T09:00', 'u1', { step: 0 }),
        ev('forward', '2026-03-09T10:00', 'u1', { step: 1 }),
        ev('request_supplement', '2026-03-09T11:00', 'u2', { step: 1, reason: 'Thiếu giấy chứng sinh' }),
        ev('supplement', '2026-03-10T08:00', 'u1', { step: 1 }),
        ev('return_to_previous_step', '2026-03-10T09:00', 'u2', { step: 0, reason: 'Sai tên người nộp' }),
        ev('forward', '2026-03-10T10:00', 'u1', { step: 1 }),
        ev('transfer_to_agency', '2026-03-11T09:00', 'u2', { data: { targetAgencyId: 'tinh' } }),
        ev('receive', '2026-03-11T14:00', 'u9', { step: 0, agencyId: 'tinh' }),
      ]),
    );
    expect(rows.map((r) => r.stepName)).toEqual([
      'Tiếp nhận hồ sơ',
      'Thẩm định, xử lý hồ sơ',
      'Tiếp nhận hồ sơ',
      'Thẩm định, xử lý hồ sơ',
      'Chuyển hồ sơ liên thông',
      'Tiếp nhận hồ sơ',
    ]);
    expect(rows[1]?.note).toBe('Yêu cầu bổ sung: Thiếu giấy chứng sinh; Người nộp đã bổ sung hồ sơ');
    expect(rows[2]?.note).toBe('Trả lại: Sai tên người nộp');
    expect(rows[1]?.toName).toBe('Chuyên viên xử lý'); // not assigned to anyone: the step's role
    expect(rows[4]).toMatchObject({ step: null, toName: 'Sở Tư pháp', fromAgencyName: 'UBND xã A', dueAt: null });
    expect(rows[4]?.doneAt?.toISOString()).toBe(at('2026-03-11T14:00').toISOString());
    expect(rows[5]).toMatchObject({ fromName: 'UBND xã A', toAgencyName: 'Sở Tư pháp', toName: 'u9' });

    const approved = controlSheet(
      cal,
      input(
        [
          ev('receive', '2026-03-09T09:00', 'u1', { step: 0 }),
          ev('forward', '2026-03-09T10:00', 'u1', { step: 1 }),
          ev('approve', '2026-03-09T11:00', 'u3', { step: 1 }),
        ],
        { workflow: [WORKFLOW[0]!, { ...WORKFLOW[2]!, share: 90 }] },
      ),
    );
    expect(approved).toHaveLength(2);
    expect(approved[1]?.note).toBe('Đã phê duyệt (Phạm Văn Lãnh)');
    expect(approved[1]?.doneAt).toBeNull();
  });

  it('after the one-time extension, steps handed over later are due by the new date', () => {
    const rows = controlSheet(
      cal,
      input(
        [
          ev('receive', '2026-03-09T09:00', 'u1', { step: 0 }),
          ev('forward', '2026-03-10T09:00', 'u1', { step: 1 }),
          ev('extend_deadline', '2026-03-12T08:00', 'u3', { step: 1, reason: 'Cần xác minh' }),
          ev('forward', '2026-03-20T09:00', 'u2', { step: 2 }),
        ],
        {
          extension: { at: at('2026-03-12T08:00'), newDueAt: at('2026-03-27T17:00') },
          dueAt: at('2026-03-27T17:00'),
        },
      ),
    );
    expect(rows[1]?.note).toBe('Gia hạn: Cần xác minh');
    expect(rows[1]?.dueAt?.toISOString()).toBe(at('2026-03-18T15:12').toISOString()); // handed before the extension
    const step2 = rows[2]?.dueAt;
    expect(step2 && step2 > at('2026-03-20T16:24')).toBe(true); // later than the original share
    expect(step2 && step2 < at('2026-03-27T17:00')).toBe(true);
  });
});
