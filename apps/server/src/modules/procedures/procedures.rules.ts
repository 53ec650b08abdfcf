import type { FieldError } from '../../http/errors.js';
import { FormValidator } from './form-validation.js';
import { foldVietnamese } from '../org/org.search.js';
import type { ProcedureFee } from './procedure-data.schema.js';
import type { WorkflowStep } from './procedures.schemas.js';
import type { OnlineMode } from './procedures.tables.js';

/** Pure rules of the procedure catalogue (no I/O). */

export { foldVietnamese };

/**
 * Local placeholder code for an entry without a national code: "DP." + the folded name as a slug.
 * Such a procedure cannot be published until its national code is entered: every procedure must be
 * publicised in the Cơ sở dữ liệu quốc gia về TTHC under its code (Nghị định 63/2010/NĐ-CP, Điều 15, 24),
 * and data/procedures/README.md asks the importer to treat `code: null` as "fill in before publishing".
 */
export function localCodeFor(name: string): string {
  const slug = foldVietnamese(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return `DP.${slug || 'thu-tuc'}`;
}

export const isLocalCode = (code: string) => code.startsWith('DP.');

/** Folded words of a search query ("Đăng ký  KHAI sinh" → ["dang", "ky", "khai", "sinh"]). */
export function searchTokens(q: string | undefined): string[] {
  if (!q) return [];
  return foldVietnamese(q)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 10);
}

/**
 * The public `feeVnd`: the main fee is the first one listed (the lệ phí of the procedure itself; later
 * entries are optional extras such as copies). Fixed → its amount, free → 0; tiered, by case or set by
 * the province's HĐND → null, because no single number is true for every applicant.
 */
export function mainFeeVnd(fees: readonly ProcedureFee[]): number | null {
  const main = fees[0];
  if (!main) return null;
  switch (main.mode) {
    case 'fixed':
      return main.amountVnd;
    case 'free':
      return 0;
    case 'tiered':
    case 'by_case':
    case 'provincial':
      return null;
  }
}

/** Public names of the online modes of Nghị định 42/2022/NĐ-CP. */
export function publicOnlineMode(mode: OnlineMode): 'full' | 'partial' | 'none' {
  switch (mode) {
    case 'toan_trinh':
      return 'full';
    case 'mot_phan':
      return 'partial';
    case 'truc_tiep':
      return 'none';
  }
}

export const DEFAULT_FORM_SCHEMA: Record<string, unknown> = { type: 'object', properties: {} };

/**
 * Template used when a procedure has none: reception at the one-stop counter, processing by a
 * specialist, approval by a leader, return of the result (the sequence of Nghị định 118/2025/NĐ-CP on the
 * one-stop mechanism). The shares are a product default, not a legal figure; each procedure may set its own.
 */
export const DEFAULT_WORKFLOW: WorkflowStep[] = [
  { key: 'tiep_nhan', name: 'Tiếp nhận hồ sơ', role: 'can_bo_mot_cua', share: 10, isApproval: false },
  { key: 'xu_ly', name: 'Thẩm định, xử lý hồ sơ', role: 'chuyen_vien', share: 60, isApproval: false },
  { key: 'phe_duyet', name: 'Phê duyệt kết quả', role: 'lanh_dao', share: 20, isApproval: true },
  { key: 'tra_ket_qua', name: 'Trả kết quả', role: 'can_bo_mot_cua', share: 10, isApproval: false },
];

const MAX_FORM_BYTES = 100_000;
const formChecker = new FormValidator();

/** Checks of an e-form JSON Schema: an object schema, of reasonable size, that the validator compiles. */
export function formSchemaProblems(schema: Record<string, unknown>, field = '/formSchema'): FieldError[] {
  const problems: FieldError[] = [];
  if (schema.type !== 'object')
    problems.push({ field: `${field}/type`, message: 'Biểu mẫu phải là JSON Schema kiểu "object".' });
  const props = schema.properties;
  if (props !== undefined && (typeof props !== 'object' || props === null || Array.isArray(props)))
    problems.push({ field: `${field}/properties`, message: 'properties phải là một đối tượng.' });
  if (JSON.stringify(schema).length > MAX_FORM_BYTES)
    problems.push({ field, message: 'Biểu mẫu quá lớn (tối đa 100 KB).' });
  if (problems.length === 0) problems.push(...formChecker.compileProblems(schema, field));
  return problems;
}

/** A workflow: unique step keys, shares adding up to 100 %, at least one approval step. */
export function workflowProblems(steps: readonly WorkflowStep[], field = '/workflow'): FieldError[] {
  if (steps.length === 0) return [];
  const problems: FieldError[] = [];
  const keys = new Set<string>();
  steps.forEach((s, i) => {
    if (keys.has(s.key)) problems.push({ field: `${field}/${i}/key`, message: `Mã bước "${s.key}" bị trùng.` });
    keys.add(s.key);
  });
  const total = steps.reduce((sum, s) => sum + s.share, 0);
  if (total !== 100)
    problems.push({ field, message: `Tổng tỷ lệ thời gian các bước phải bằng 100% (hiện là ${total}%).` });
  if (!steps.some((s) => s.isApproval)) problems.push({ field, message: 'Quy trình cần ít nhất một bước phê duyệt.' });
  return problems;
}
