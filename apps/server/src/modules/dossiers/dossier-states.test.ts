import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  allowedActions,
  applyAction,
  DOSSIER_ACTIONS,
  DOSSIER_STATES,
  type DossierAction,
  type DossierActor,
  type DossierCommand,
  type DossierSnapshot,
  STATE_INFO,
  type WorkflowStep,
} from './dossier-states.js';

const A = 'agency-commune-a';
const B = 'agency-commune-b';
const P = 'agency-province';
const NOW = new Date('2026-02-12T09:00:00+07:00');

const WORKFLOW: WorkflowStep[] = [
  { key: 'tiep_nhan', name: 'Tiếp nhận', role: 'can_bo_mot_cua', share: 10, isApproval: false },
  { key: 'xu_ly', name: 'Xử lý', role: 'chuyen_vien', share: 60, isApproval: false },
  { key: 'phe_duyet', name: 'Phê duyệt', role: 'lanh_dao', share: 20, isApproval: true },
  { key: 'tra_ket_qua', name: 'Trả kết quả', role: 'can_bo_mot_cua', share: 10, isApproval: false },
];

const staff = (
  userId: string,
  role: 'can_bo_mot_cua' | 'chuyen_vien' | 'lanh_dao',
  agencyId: string,
): DossierActor => ({
  kind: 'staff',
  userId,
  roles: [{ role, agencyId }],
});
const mocA = staff('u-mc-a', 'can_bo_mot_cua', A);
const cvA = staff('u-cv-a', 'chuyen_vien', A);
const cvA2 = staff('u-cv-a2', 'chuyen_vien', A);
const ldA = staff('u-ld-a', 'lanh_dao', A);
const mocB = staff('u-mc-b', 'can_bo_mot_cua', B);
const cvB = staff('u-cv-b', 'chuyen_vien', B);
const mocP = staff('u-mc-p', 'can_bo_mot_cua', P);
const ldP = staff('u-ld-p', 'lanh_dao', P);
const applicant: DossierActor = { kind: 'citizen', citizenId: 'c-1' };
const stranger: DossierActor = { kind: 'citizen', citizenId: 'c-2' };

const submitted: DossierSnapshot = {
  state: 'submitted',
  agencyId: A,
  receivingAgencyId: A,
  applicantCitizenId: 'c-1',
  workflow: WORKFLOW,
  step: null,
  assigneeId: null,
  approved: false,
  resumeState: null,
  dueAt: null,
  extended: false,
  extendBy: null,
};

function act(d: DossierSnapshot, actor: DossierActor, command: DossierCommand): DossierSnapshot {
  const r = applyAction(d, actor, command, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.dossier;
}
const received = (): DossierSnapshot => ({
  ...act(submitted, mocA, { action: 'receive' }),
  dueAt: new Date('2026-02-25T17:00:00+07:00'),
  extendBy: new Date('2026-02-24T07:30:00+07:00'),
});

describe('the table', () => {
  it('every state and action is described, terminal states lead nowhere', () => {
    for (const s of DOSSIER_STATES) expect(STATE_INFO[s].label).not.toBe('');
    for (const a of DOSSIER_ACTIONS) {
      expect(ACTIONS[a].who.length).toBeGreaterThan(0);
      for (const s of ACTIONS[a].from) expect(STATE_INFO[s].terminal).toBe(false);
    }
    expect(DOSSIER_STATES.filter((s) => STATE_INFO[s].clockPaused)).toEqual(['supplement_requested']);
  });
});

describe('allowedActions: exactly what the actor may do now', () => {
  it('submitted online: the commune one-stop officer receives, asks to supplement or refuses; the applicant may withdraw', () => {
    expect(allowedActions(submitted, mocA, NOW)).toEqual(['receive', 'request_supplement', 'refuse']);
    expect(allowedActions(submitted, applicant, NOW)).toEqual(['withdraw']);
    for (const nobody of [mocB, cvB, cvA, ldA, stranger]) expect(allowedActions(submitted, nobody, NOW)).toEqual([]);
  });

  it('walks the workflow: reception → specialist → leader approval → result → return', () => {
    let d = received();
    expect(d).toMatchObject({ state: 'received', step: 0 });
    expect(allowedActions(d, mocA, NOW)).toEqual([
      'request_supplement',
      'forward',
      'transfer_to_agency',
      'stop',
      'extend_deadline',
    ]);
    expect(allowedActions(d, ldA, NOW)).toEqual(['reject', 'stop', 'extend_deadline']);
    expect(allowedActions(d, cvA, NOW)).toEqual([]);
    expect(allowedActions(d, mocB, NOW)).toEqual([]);

    d = act(d, mocA, { action: 'forward', assigneeId: 'u-cv-a' });
    expect(d).toMatchObject({ step: 1, assigneeId: 'u-cv-a' });
    expect(allowedActions(d, cvA, NOW)).toEqual([
      'request_supplement',
      'forward',
      'return_to_previous_step',
      'transfer_to_agency',
      'extend_deadline',
    ]);
    expect(allowedActions(d, cvA2, NOW)).toEqual([]); // assigned to someone else
    expect(allowedActions(d, cvB, NOW)).toEqual([]); // another commune

    d = act(d, cvA, { action: 'forward' });
    expect(allowedActions(d, ldA, NOW)).toEqual([
      'request_supplement',
      'return_to_previous_step',
      'transfer_to_agency',
      'approve',
      'reject',
      'stop',
      'extend_deadline',
    ]);
    expect(allowedActions(d, cvA, NOW)).toEqual([]);

    d = act(d, ldA, { action: 'approve' });
    expect(d).toMatchObject({ step: 3 });
    expect(allowedActions(d, cvA, NOW)).toEqual(['attach_result']);
    expect(allowedActions(d, mocA, NOW)).toContain('attach_result');

    d = act(d, cvA, { action: 'attach_result', resultFileIds: ['file-1'] });
    expect(d.state).toBe('result_ready');
    expect(allowedActions(d, mocA, NOW)).toEqual(['return_result']);
    expect(allowedActions(d, applicant, NOW)).toEqual(['return_result']);
    expect(allowedActions(d, ldA, NOW)).toEqual([]);

    d = act(d, mocA, { action: 'return_result', returnMethod: 'counter' });
    expect(d.state).toBe('returned');
    for (const anyone of [mocA, cvA, ldA, applicant]) expect(allowedActions(d, anyone, NOW)).toEqual([]);
  });

  it('a leader returns the dossier to the previous step with a reason', () => {
    let d = act(act(received(), mocA, { action: 'forward' }), cvA, { action: 'forward' });
    const noReason = applyAction(d, ldA, { action: 'return_to_previous_step', reason: '  ' }, NOW);
    expect(noReason).toMatchObject({ ok: false, problems: [{ field: '/reason' }] });
    d = act(d, ldA, { action: 'return_to_previous_step', reason: 'Thiếu xác minh' });
    expect(d).toMatchObject({ step: 1, assigneeId: null });
  });

  it('supplement during processing: the clock state pauses, the applicant supplements, processing resumes', () => {
    let d = act(received(), mocA, { action: 'forward', assigneeId: 'u-cv-a' });
    d = act(d, cvA, { action: 'request_supplement', reason: 'Thiếu bản sao giấy chứng sinh' });
    expect(d).toMatchObject({ state: 'supplement_requested', resumeState: 'received' });
    expect(STATE_INFO[d.state].clockPaused).toBe(true);
    expect(allowedActions(d, applicant, NOW)).toEqual(['supplement']);
    expect(allowedActions(d, mocA, NOW)).toEqual(['supplement', 'stop']);
    expect(allowedActions(d, cvA, NOW)).toEqual(['extend_deadline']);
    d = act(d, applicant, { action: 'supplement' });
    expect(d).toMatchObject({ state: 'received', step: 1, assigneeId: 'u-cv-a', resumeState: null });
  });

  it('supplement at reception: back to waiting for reception; the applicant may withdraw, the officer refuse', () => {
    const d = act(submitted, mocA, { action: 'request_supplement', reason: 'Thiếu tờ khai' });
    expect(allowedActions(d, applicant, NOW)).toEqual(['supplement', 'withdraw']);
    expect(allowedActions(d, mocA, NOW)).toEqual(['supplement', 'refuse']);
    expect(act(d, applicant, { action: 'supplement' }).state).toBe('submitted');
  });

  it('refusal needs a reason and ends the dossier', () => {
    expect(applyAction(submitted, mocA, { action: 'refuse' }, NOW)).toMatchObject({
      ok: false,
      problems: [{ field: '/reason', message: 'Cần nêu rõ lý do.' }],
    });
    const d = act(submitted, mocA, { action: 'refuse', reason: 'Không thuộc thẩm quyền' });
    expect(d.state).toBe('refused');
    expect(allowedActions(d, mocA, NOW)).toEqual([]);
  });

  it('transfer commune → province: the province receives and processes, the commune desk hands the result back', () => {
    let d = act(received(), mocA, { action: 'forward' });
    expect(applyAction(d, cvA, { action: 'transfer_to_agency', targetAgencyId: A }, NOW)).toMatchObject({
      ok: false,
      problems: [{ field: '/targetAgencyId' }],
    });
    d = act(d, cvA, { action: 'transfer_to_agency', targetAgencyId: P });
    expect(d).toMatchObject({ state: 'transferred', agencyId: P, step: null });
    expect(allowedActions(d, mocP, NOW)).toEqual(['receive', 'stop']);
    expect(allowedActions(d, mocA, NOW)).toEqual(['stop']);
    expect(allowedActions(d, cvA, NOW)).toEqual([]);
    d = act(d, mocP, { action: 'receive' });
    d = act(act(d, mocP, { action: 'forward' }), staff('u-cv-p', 'chuyen_vien', P), { action: 'forward' });
    d = act(act(d, ldP, { action: 'approve' }), mocP, { action: 'attach_result', resultFileIds: ['f'] });
    expect(allowedActions(d, mocA, NOW)).toEqual(['return_result']);
    expect(allowedActions(d, mocB, NOW)).toEqual([]);
  });

  it('the deadline can be extended once, and only until the flagging time', () => {
    const d = act(received(), mocA, { action: 'forward', assigneeId: 'u-cv-a' });
    const late = new Date('2026-02-24T07:31:00+07:00');
    expect(allowedActions(d, cvA, late)).not.toContain('extend_deadline');
    expect(applyAction(d, cvA, { action: 'extend_deadline', reason: 'x', newDueAt: new Date() }, late)).toMatchObject({
      ok: false,
      denial: { code: 'extension_too_late' },
    });
    const earlier = applyAction(
      d,
      cvA,
      { action: 'extend_deadline', reason: 'Cần xác minh', newDueAt: new Date('2026-02-25T08:00:00+07:00') },
      NOW,
    );
    expect(earlier).toMatchObject({ ok: false, problems: [{ field: '/newDueAt' }] });
    const newDueAt = new Date('2026-03-04T17:00:00+07:00');
    const extended = act(d, cvA, { action: 'extend_deadline', reason: 'Cần xác minh thêm', newDueAt });
    expect(extended).toMatchObject({ state: 'received', dueAt: newDueAt, extended: true });
    expect(applyAction(extended, ldA, { action: 'extend_deadline', reason: 'x', newDueAt }, NOW)).toMatchObject({
      ok: false,
      denial: { code: 'extension_used' },
    });
  });

  it('stop at the applicant’s request (Mẫu 05) after reception; withdraw only before it', () => {
    const d = received();
    expect(allowedActions(d, applicant, NOW)).toEqual([]);
    expect(act(d, mocA, { action: 'stop', reason: 'Người nộp có đơn đề nghị dừng' }).state).toBe('stopped');
    expect(ACTIONS.stop.paper).toBe('mau_05');
    expect(act(submitted, applicant, { action: 'withdraw', reason: 'Nộp nhầm' }).state).toBe('withdrawn');
  });

  it('refuses with the right denial code', () => {
    expect(applyAction(submitted, mocB, { action: 'receive' }, NOW)).toMatchObject({
      ok: false,
      denial: { code: 'not_permitted' },
    });
    expect(applyAction(submitted, mocA, { action: 'approve' }, NOW)).toMatchObject({
      ok: false,
      denial: { code: 'wrong_state' },
    });
  });
});

describe('property: allowedActions agrees with applyAction on every reachable dossier', () => {
  const actors = [mocA, cvA, cvA2, ldA, mocB, mocP, ldP, staff('u-cv-p', 'chuyen_vien', P), applicant, stranger];
  const fullCommand = (action: DossierAction): DossierCommand => ({
    action,
    reason: 'Lý do',
    note: 'Ghi chú',
    targetAgencyId: P,
    resultFileIds: ['f'],
    returnMethod: 'online',
    newDueAt: new Date('2026-03-31T17:00:00+07:00'),
  });

  it('allowed ⇒ applies; not allowed ⇒ denied; terminal ⇒ nothing allowed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(actors.length - 1), fc.nat(DOSSIER_ACTIONS.length - 1)), { maxLength: 40 }),
        (moves) => {
          let d: DossierSnapshot = { ...submitted, dueAt: new Date('2026-02-25T17:00:00+07:00'), extendBy: NOW };
          for (const [ai, xi] of moves) {
            const actor = actors[ai]!;
            const allowed = allowedActions(d, actor, NOW);
            if (STATE_INFO[d.state].terminal) expect(allowed).toEqual([]);
            for (const action of DOSSIER_ACTIONS) {
              const r = applyAction(d, actor, fullCommand(action), NOW);
              if (allowed.includes(action)) expect(r.ok, `${action} in ${d.state}`).toBe(true);
              else expect(r).toMatchObject({ ok: false, denial: {} });
            }
            const r = applyAction(d, actor, fullCommand(DOSSIER_ACTIONS[xi]!), NOW);
            if (r.ok) d = r.dossier;
            if (d.step !== null) expect(d.step).toBeLessThan(d.workflow.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
