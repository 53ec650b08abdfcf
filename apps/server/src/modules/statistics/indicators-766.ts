/**
 * The indicators of Quyết định 766/QĐ-TTg ngày 23/6/2022 (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng
 * phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi
 * trường điện tử) that can be computed from one-stop data. Pure functions.
 *
 * What could be confirmed (search of public summaries of the decision; the appendix itself — Phụ lục — could not
 * be read in full):
 * - the index has 5 groups — công khai, minh bạch; tiến độ, kết quả giải quyết; số hóa hồ sơ; cung cấp dịch vụ
 *   trực tuyến; mức độ hài lòng — for a total of 100 points;
 * - "Tiến độ, kết quả giải quyết": up to 20 points for the share of dossiers handled on time;
 * - "Mức độ hài lòng": 18 points from three rates, of which "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"
 *   is worth up to 6 points; the two others concern phản ánh, kiến nghị (not one-stop data);
 * - "Công khai, minh bạch": 18 points (procedures published on time: 4 of them) — not one-stop data.
 * Not confirmed (marked "to confirm" in each item's note and in docs/statistics.md): the weights of "Số hóa hồ sơ"
 * and "Cung cấp dịch vụ trực tuyến" (taken as 22 + 22, the remainder of 100 after 18 + 20 + 18, split evenly
 * between their sub-indicators), the exact denominators, and whether points are proportional to the rate
 * (assumed: score = rate × maximum, as the national portal's dashboard displays them).
 */

export interface Indicator766Input {
  received: number;
  receivedOnline: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** In progress and past the due date at the end of the period. */
  overdue: number;
  receivedDigitised: number;
  resolvedElectronicResult: number;
  ratings: number;
  /** Ratings of 1 or 2 ("không hài lòng", "rất không hài lòng"). */
  ratingsUnsatisfied: number;
}

export interface Indicator766 {
  code: string;
  /** Group of the decision's index (Vietnamese). */
  group: string;
  name: string;
  /** Points earned, or null when the data does not exist (yet) in Saola. */
  score: number | null;
  maxScore: number;
  /** The rate (0–1) the score is computed from, or null. */
  rate: number | null;
  formula: string;
  note: string;
}

export interface Indicators766 {
  items: Indicator766[];
  /** Sum of the scores that could be computed. */
  total: number;
  /** Sum of the maxima of those indicators (the points this report can speak for). */
  maxTotal: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** n / d, or null when there is nothing to measure (d = 0). */
export function rate(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** Proportional points: rate × maximum, rounded to 2 decimals; null without data. */
export function points(r: number | null, max: number): number | null {
  return r === null ? null : round2(Math.min(1, Math.max(0, r)) * max);
}

const DECISION = 'QĐ 766/QĐ-TTg ngày 23/6/2022, Phụ lục';

export function indicators766(x: Indicator766Input): Indicators766 {
  const resolved = x.resolvedOnTime + x.resolvedLate;
  const onTime = rate(x.resolvedOnTime, resolved + x.overdue);
  const online = rate(x.receivedOnline, x.received);
  const digitised = rate(x.receivedDigitised, x.received);
  const eResult = rate(x.resolvedElectronicResult, resolved);
  const satisfied = rate(x.ratings - x.ratingsUnsatisfied, x.ratings);
  const items: Indicator766[] = [
    {
      code: 'tien_do_ket_qua',
      group: 'Tiến độ, kết quả giải quyết',
      name: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn',
      rate: onTime,
      maxScore: 20,
      score: points(onTime, 20),
      formula:
        'Số hồ sơ giải quyết trước và đúng hạn / (số hồ sơ đã giải quyết + số hồ sơ đang giải quyết quá hạn) × 20',
      note:
        `${DECISION}: tối đa 20 điểm. Mẫu số có tính hồ sơ đang quá hạn (để hồ sơ tồn đọng không làm tăng điểm) — ` +
        'cách tính mẫu số cần đối chiếu văn bản (to confirm).',
    },
    {
      code: 'dvc_ho_so_truc_tuyen',
      group: 'Cung cấp dịch vụ trực tuyến',
      name: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến',
      rate: online,
      maxScore: 11,
      score: points(online, 11),
      formula: 'Số hồ sơ tiếp nhận trực tuyến / tổng số hồ sơ tiếp nhận × 11',
      note: `${DECISION}: trọng số của nhóm và của chỉ số thành phần chưa xác nhận được (to confirm: 22 điểm chia đều).`,
    },
    {
      code: 'dvc_thanh_toan_truc_tuyen',
      group: 'Cung cấp dịch vụ trực tuyến',
      name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
      rate: null,
      maxScore: 11,
      score: null,
      formula: 'Số hồ sơ có giao dịch thanh toán trực tuyến / số hồ sơ phải nộp phí, lệ phí × 11',
      note: 'Chưa có dữ liệu thanh toán trực tuyến trong Saola; không tính vào tổng điểm. Trọng số: to confirm.',
    },
    {
      code: 'so_hoa_ho_so',
      group: 'Số hóa hồ sơ',
      name: 'Tỷ lệ hồ sơ được số hóa thành phần',
      rate: digitised,
      maxScore: 11,
      score: points(digitised, 11),
      formula: 'Số hồ sơ tiếp nhận có tệp thành phần hồ sơ / tổng số hồ sơ tiếp nhận × 11',
      note:
        `${DECISION}: "có tệp thành phần" là cách Saola đo số hóa (chưa kiểm tra đủ mọi thành phần); ` +
        'trọng số: to confirm (22 điểm chia đều).',
    },
    {
      code: 'so_hoa_ket_qua',
      group: 'Số hóa hồ sơ',
      name: 'Tỷ lệ hồ sơ được cấp kết quả điện tử',
      rate: eResult,
      maxScore: 11,
      score: points(eResult, 11),
      formula: 'Số hồ sơ đã giải quyết có tệp kết quả điện tử / số hồ sơ đã giải quyết × 11',
      note:
        `${DECISION}; kết quả điện tử có giá trị như bản giấy (Nghị định 45/2020/NĐ-CP). ` +
        'Trọng số: to confirm (22 điểm chia đều).',
    },
    {
      code: 'hai_long_tthc',
      group: 'Mức độ hài lòng',
      name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính',
      rate: satisfied,
      maxScore: 6,
      score: points(satisfied, 6),
      formula: '(Tổng số đánh giá − số đánh giá không hài lòng (1–2 sao)) / tổng số đánh giá × 6',
      note:
        `${DECISION}: tối đa 6/18 điểm. Mẫu số là số hồ sơ được đánh giá; coi 1–2 sao là "không hài lòng" ` +
        '(quy đổi thang 5 sao: to confirm).',
    },
    {
      code: 'hai_long_pakn',
      group: 'Mức độ hài lòng',
      name: 'Xử lý phản ánh, kiến nghị (đúng hạn, hài lòng)',
      rate: null,
      maxScore: 12,
      score: null,
      formula: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn; tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị',
      note: `${DECISION}: không phải dữ liệu một cửa; không tính vào tổng điểm.`,
    },
    {
      code: 'cong_khai_minh_bach',
      group: 'Công khai, minh bạch',
      name: 'Công khai, minh bạch',
      rate: null,
      maxScore: 18,
      score: null,
      formula: 'Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng hạn; đồng bộ trạng thái hồ sơ…',
      note: `${DECISION}: không phải dữ liệu một cửa; không tính vào tổng điểm.`,
    },
  ];
  const computed = items.filter((i) => i.score !== null);
  return {
    items,
    total: round2(computed.reduce((s, i) => s + (i.score ?? 0), 0)),
    maxTotal: computed.reduce((s, i) => s + i.maxScore, 0),
  };
}
