/**
 * The dossier lifecycle as DATA: states, actions, who may take each, which fields each needs and
 * which paper (form of Thông tư 03/2025/TT-VPCP, Phụ lục I) it produces. The rules that read this
 * table are in dossier-states.ts.
 *
 * Legal basis (Nghị định 118/2025/NĐ-CP on the one-stop mechanism, in force 01/7/2025, replacing
 * Nghị định 61/2018/NĐ-CP; its circular Thông tư 03/2025/TT-VPCP of 15/9/2025, confirmed to exist
 * and to guide the forms and dossier codes — hethongphapluat.com, the circular's preamble). The
 * ARTICLE NUMBERS of Nghị định 118/2025 for each step could not be confirmed with the search tool
 * and are marked "(article to confirm)"; the steps themselves follow issue 3 §2 and the known
 * sequence of the earlier Nghị định 61/2018 (reception, supplement, refusal, transfer, processing,
 * apology and new appointment for late dossiers, return of results).
 */

export const DOSSIER_STATES = [
  'submitted',
  'supplement_requested',
  'received',
  'refused',
  'transferred',
  'result_ready',
  'returned',
  'withdrawn',
  'rejected',
  'stopped',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export interface StateInfo {
  /** Short Vietnamese code used by the portal and the national reporting (cho_tiep_nhan, …). */
  code: string;
  label: string;
  /** No action leads out of it. */
  terminal: boolean;
  /** The processing clock stops (the agency waits for the applicant). */
  clockPaused: boolean;
}

export const STATE_INFO: Record<DossierState, StateInfo> = {
  submitted: { code: 'cho_tiep_nhan', label: 'Chờ tiếp nhận', terminal: false, clockPaused: false },
  supplement_requested: {
    code: 'cho_bo_sung',
    label: 'Chờ bổ sung, hoàn thiện hồ sơ',
    terminal: false,
    clockPaused: true,
  },
  received: { code: 'dang_xu_ly', label: 'Đang giải quyết', terminal: false, clockPaused: false },
  refused: { code: 'tu_choi_tiep_nhan', label: 'Từ chối tiếp nhận', terminal: true, clockPaused: false },
  transferred: { code: 'da_chuyen_lien_thong', label: 'Đã chuyển cơ quan khác', terminal: false, clockPaused: false },
  result_ready: { code: 'cho_tra_ket_qua', label: 'Có kết quả, chờ trả', terminal: false, clockPaused: false },
  returned: { code: 'da_tra_ket_qua', label: 'Đã trả kết quả', terminal: true, clockPaused: false },
  withdrawn: { code: 'da_rut', label: 'Người nộp đã rút hồ sơ', terminal: true, clockPaused: false },
  rejected: { code: 'khong_du_dieu_kien', label: 'Không đủ điều kiện giải quyết', terminal: true, clockPaused: false },
  stopped: { code: 'dung_giai_quyet', label: 'Dừng giải quyết', terminal: true, clockPaused: false },
};

export const DOSSIER_ACTIONS = [
  'receive',
  'request_supplement',
  'supplement',
  'refuse',
  'forward',
  'return_to_previous_step',
  'transfer_to_agency',
  'approve',
  'attach_result',
  'return_result',
  'withdraw',
  'reject',
  'stop',
  'extend_deadline',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/** Role kinds of officers (matched against workflow steps' `role`) and the applicant. */
export type StaffRoleKind = 'can_bo_mot_cua' | 'chuyen_vien' | 'lanh_dao';
export type RoleKind = StaffRoleKind | 'citizen';

/**
 * Where the actor must stand:
 * - agency: an officer with this role in the agency now responsible for the dossier;
 * - step: an officer of the agency now responsible whose role is the current workflow step's role
 *   (and, when the step is assigned to someone, that person) — the role listed is ignored;
 * - desk: an officer with this role in the agency now responsible or in the one-stop agency that
 *   received the dossier first (results go back through it);
 * - applicant: the citizen who submitted the dossier.
 */
export type ActorScope = 'agency' | 'step' | 'desk' | 'applicant';

export interface ActorRule {
  role: RoleKind | 'step_role';
  scope: ActorScope;
  /** Only in these states (default: every state the action starts from). */
  onlyIn?: readonly DossierState[];
}

export type CommandField =
  'reason' | 'note' | 'assigneeId' | 'targetAgencyId' | 'resultFileIds' | 'returnMethod' | 'newDueAt';

/** Papers of Thông tư 03/2025/TT-VPCP, Phụ lục I (numbering per issue 3 §3; article to confirm). */
export type Paper = 'mau_01' | 'mau_02' | 'mau_03' | 'mau_04' | 'mau_05';

export interface ActionSpec {
  label: string;
  from: readonly DossierState[];
  /** `resume`: back to the state the dossier was in when the supplement was requested; `same`: unchanged. */
  to: DossierState | 'resume' | 'same';
  who: readonly ActorRule[];
  required: readonly CommandField[];
  optional: readonly CommandField[];
  paper: Paper | null;
  legal: string;
}

const STEP: ActorRule = { role: 'step_role', scope: 'step' };

export const ACTIONS: Record<DossierAction, ActionSpec> = {
  receive: {
    label: 'Tiếp nhận hồ sơ',
    from: ['submitted', 'transferred'],
    to: 'received',
    who: [{ role: 'can_bo_mot_cua', scope: 'agency' }],
    required: [],
    optional: ['note', 'assigneeId'],
    paper: 'mau_01',
    legal:
      'Nghị định 118/2025/NĐ-CP (tiếp nhận hồ sơ; article to confirm); Mẫu 01 Thông tư 03/2025/TT-VPCP. ' +
      'Hồ sơ nộp trực tuyến được tiếp nhận hoặc yêu cầu bổ sung trong 8 giờ làm việc (Nghị định 45/2020/NĐ-CP; article to confirm).',
  },
  request_supplement: {
    label: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
    from: ['submitted', 'received'],
    to: 'supplement_requested',
    who: [
      { role: 'can_bo_mot_cua', scope: 'agency', onlyIn: ['submitted'] },
      { ...STEP, onlyIn: ['received'] },
    ],
    required: ['reason'],
    optional: ['note'],
    paper: 'mau_02',
    legal:
      'Nghị định 118/2025/NĐ-CP (hướng dẫn bổ sung một lần, đầy đủ; thời gian bổ sung không tính vào thời hạn giải quyết; ' +
      'article to confirm); Mẫu 02 Thông tư 03/2025/TT-VPCP.',
  },
  supplement: {
    label: 'Bổ sung hồ sơ',
    from: ['supplement_requested'],
    to: 'resume',
    who: [
      { role: 'citizen', scope: 'applicant' },
      { role: 'can_bo_mot_cua', scope: 'desk' },
    ],
    required: [],
    optional: ['note'],
    paper: null,
    legal: 'Nghị định 118/2025/NĐ-CP (article to confirm).',
  },
  refuse: {
    label: 'Từ chối tiếp nhận hồ sơ',
    from: ['submitted', 'supplement_requested'],
    to: 'refused',
    who: [{ role: 'can_bo_mot_cua', scope: 'agency' }],
    required: ['reason'],
    optional: ['note'],
    paper: 'mau_03',
    legal:
      'Nghị định 118/2025/NĐ-CP (từ chối tiếp nhận, nêu rõ lý do; article to confirm); Mẫu 03 Thông tư 03/2025/TT-VPCP.',
  },
  forward: {
    label: 'Chuyển bước tiếp theo',
    from: ['received'],
    to: 'received',
    who: [STEP],
    required: [],
    optional: ['note', 'assigneeId'],
    paper: null,
    legal: 'Quy trình nội bộ giải quyết thủ tục hành chính (Nghị định 118/2025/NĐ-CP; article to confirm).',
  },
  return_to_previous_step: {
    label: 'Trả lại bước trước',
    from: ['received'],
    to: 'received',
    who: [STEP],
    required: ['reason'],
    optional: ['note'],
    paper: null,
    legal: 'Quy trình nội bộ giải quyết thủ tục hành chính (article to confirm).',
  },
  transfer_to_agency: {
    label: 'Chuyển cơ quan khác (liên thông)',
    from: ['received'],
    to: 'transferred',
    who: [STEP],
    required: ['targetAgencyId'],
    optional: ['note'],
    paper: null,
    legal: 'Nghị định 118/2025/NĐ-CP (cơ chế một cửa liên thông; article to confirm).',
  },
  approve: {
    label: 'Phê duyệt',
    from: ['received'],
    to: 'received',
    who: [STEP],
    required: [],
    optional: ['note', 'assigneeId'],
    paper: null,
    legal: 'Quy trình nội bộ: bước phê duyệt của lãnh đạo (article to confirm).',
  },
  attach_result: {
    label: 'Đính kèm kết quả giải quyết',
    from: ['received'],
    to: 'result_ready',
    who: [STEP, { role: 'chuyen_vien', scope: 'agency' }, { role: 'lanh_dao', scope: 'agency' }],
    required: ['resultFileIds'],
    optional: ['note'],
    paper: null,
    legal:
      'Nghị định 45/2020/NĐ-CP: kết quả điện tử có giá trị như bản giấy, mã kết quả <mã hồ sơ>-KQ<n> (article to confirm).',
  },
  return_result: {
    label: 'Trả kết quả',
    from: ['result_ready'],
    to: 'returned',
    who: [
      { role: 'can_bo_mot_cua', scope: 'desk' },
      { role: 'citizen', scope: 'applicant' },
    ],
    required: ['returnMethod'],
    optional: ['note'],
    paper: null,
    legal: 'Nghị định 118/2025/NĐ-CP (trả kết quả tại Bộ phận Một cửa, qua bưu chính, trực tuyến; article to confirm).',
  },
  withdraw: {
    label: 'Rút hồ sơ',
    from: ['submitted', 'supplement_requested'],
    to: 'withdrawn',
    who: [{ role: 'citizen', scope: 'applicant' }],
    required: ['reason'],
    optional: [],
    paper: null,
    legal: 'Người nộp rút hồ sơ trước khi được tiếp nhận (article to confirm).',
  },
  reject: {
    label: 'Trả lại: không đủ điều kiện giải quyết',
    from: ['received'],
    to: 'rejected',
    who: [{ role: 'lanh_dao', scope: 'agency' }],
    required: ['reason'],
    optional: ['note'],
    paper: null,
    legal: 'Nghị định 118/2025/NĐ-CP (hồ sơ không đủ điều kiện: văn bản trả lời nêu rõ lý do; article to confirm).',
  },
  stop: {
    label: 'Dừng giải quyết theo đề nghị của người nộp',
    from: ['received', 'supplement_requested', 'transferred'],
    to: 'stopped',
    who: [
      { role: 'can_bo_mot_cua', scope: 'desk' },
      { role: 'lanh_dao', scope: 'agency' },
    ],
    required: ['reason'],
    optional: ['note'],
    paper: 'mau_05',
    legal: 'Mẫu 05 Thông báo dừng giải quyết hồ sơ, Thông tư 03/2025/TT-VPCP (article to confirm).',
  },
  extend_deadline: {
    label: 'Xin lỗi và gia hạn thời gian giải quyết',
    from: ['received', 'supplement_requested'],
    to: 'same',
    who: [STEP, { role: 'lanh_dao', scope: 'agency' }],
    required: ['reason', 'newDueAt'],
    optional: ['note'],
    paper: 'mau_04',
    legal:
      'Hồ sơ quá hạn: cơ quan giải quyết thông báo Bộ phận Một cửa và gửi văn bản xin lỗi, hẹn lại ngày trả kết quả ' +
      'chậm nhất 01 ngày làm việc trước thời hạn, chỉ một lần (Nghị định 118/2025/NĐ-CP; article to confirm; cùng quy tắc ' +
      'trong Nghị định 61/2018/NĐ-CP, not confirmed here); Mẫu 04 Thông tư 03/2025/TT-VPCP.',
  },
};

export const ACTION_LABELS: Record<DossierAction, string> = Object.fromEntries(
  DOSSIER_ACTIONS.map((a) => [a, ACTIONS[a].label]),
) as Record<DossierAction, string>;
