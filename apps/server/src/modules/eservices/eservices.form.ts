import type { FieldError } from '../../http/errors.js';

/**
 * The procedure's e-form (JSON Schema, root an object) as portal pages, one thing per page (GOV.UK pattern):
 * each top-level object property is a page ("Người yêu cầu", "Mẹ", …); top-level scalar properties share a first
 * page. Supported: string (text, `format: date`, `enum`), number, integer, boolean; nested objects are flattened
 * into their page. Arrays are not rendered (weak: no procedure of the catalogue uses them yet). Pure.
 */

type Schema = Record<string, unknown>;

export type FieldKind = 'text' | 'textarea' | 'number' | 'integer' | 'date' | 'enum' | 'boolean';

export interface FormField {
  path: string[];
  /** Input name: "f.me.hoTen". */
  name: string;
  /** Element id: "f-me-hoTen" (target of the error summary's links). */
  id: string;
  label: string;
  kind: FieldKind;
  options: { value: string; label: string }[];
  required: boolean;
  hint: string | null;
  maxLength: number | null;
}

export interface FormPage {
  key: string;
  title: string;
  fields: FormField[];
}

const LABELS: Record<string, string> = {
  hoTen: 'Họ, chữ đệm và tên',
  soGiayTo: 'Số định danh cá nhân',
  soDinhDanh: 'Số định danh cá nhân',
  email: 'Thư điện tử',
  soDienThoai: 'Số điện thoại',
  quanHe: 'Quan hệ với người được đăng ký',
  gioiTinh: 'Giới tính',
  ngaySinh: 'Ngày sinh',
  noiSinh: 'Nơi sinh',
  namSinh: 'Năm sinh',
  danToc: 'Dân tộc',
  quocTich: 'Quốc tịch',
  noiCuTru: 'Nơi cư trú',
  diaChi: 'Địa chỉ',
  queQuan: 'Quê quán',
  soConThu: 'Là con thứ mấy',
  nguoiYeuCau: 'Người yêu cầu',
  nguoiDuocKhaiSinh: 'Người được khai sinh',
  me: 'Thông tin người mẹ',
  cha: 'Thông tin người cha',
  lyDo: 'Lý do',
  ghiChu: 'Ghi chú',
};

const VALUE_LABELS: Record<string, string> = {
  nam: 'Nam',
  nu: 'Nữ',
  cha: 'Cha',
  me: 'Mẹ',
  ong: 'Ông',
  ba: 'Bà',
  nguoi_than_khac: 'Người thân khác',
};

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const ui = (s: Schema): Schema => (isObject(s['x-ui']) ? s['x-ui'] : {});
const typeOf = (s: Schema): string | null => {
  const t = s.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') as string | undefined) ?? null;
  return null;
};

function labelOf(key: string, s: Schema): string {
  const u = ui(s);
  if (typeof u.label === 'string') return u.label;
  if (typeof s.title === 'string') return s.title;
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
}

function orderedKeys(s: Schema): string[] {
  const props = isObject(s.properties) ? Object.keys(s.properties) : [];
  const u = ui(s);
  const order = Array.isArray(u.order) ? u.order.filter((k): k is string => typeof k === 'string') : [];
  return [...order.filter((k) => props.includes(k)), ...props.filter((k) => !order.includes(k))];
}

function fieldOf(path: string[], s: Schema, required: boolean, prefix: string | null): FormField | null {
  const key = path[path.length - 1] ?? '';
  const type = typeOf(s);
  const u = ui(s);
  let kind: FieldKind;
  let options: FormField['options'] = [];
  if (Array.isArray(s.enum)) {
    kind = 'enum';
    const names = Array.isArray(u.enumLabels) ? u.enumLabels : [];
    options = s.enum.map((v, i) => ({
      value: String(v),
      label: typeof names[i] === 'string' ? names[i] : (VALUE_LABELS[String(v)] ?? String(v).replace(/_/g, ' ')),
    }));
  } else if (type === 'string')
    kind = s.format === 'date' || u.widget === 'date' ? 'date' : u.widget === 'textarea' ? 'textarea' : 'text';
  else if (type === 'integer') kind = 'integer';
  else if (type === 'number') kind = 'number';
  else if (type === 'boolean') kind = 'boolean';
  else return null;
  const base = labelOf(key, s);
  const hint = typeof u.help === 'string' ? u.help : typeof s.description === 'string' ? s.description : null;
  return {
    path,
    name: `f.${path.join('.')}`,
    id: `f-${path.join('-')}`,
    label: prefix ? `${base} (${prefix})` : base,
    kind,
    options,
    required,
    hint: kind === 'date' && !hint ? 'Ví dụ: 2026-10-02 (năm-tháng-ngày)' : hint,
    maxLength: typeof s.maxLength === 'number' ? s.maxLength : null,
  };
}

function fieldsOf(path: string[], s: Schema, depth: number, prefix: string | null): FormField[] {
  const required = Array.isArray(s.required) ? s.required : [];
  const out: FormField[] = [];
  const props = isObject(s.properties) ? s.properties : {};
  for (const key of orderedKeys(s)) {
    const child = props[key];
    if (!isObject(child)) continue;
    if (typeOf(child) === 'object') {
      if (depth < 3) out.push(...fieldsOf([...path, key], child, depth + 1, labelOf(key, child)));
      continue;
    }
    const f = fieldOf([...path, key], child, required.includes(key), prefix);
    if (f) out.push(f);
  }
  return out;
}

export function formPages(schema: Record<string, unknown>): FormPage[] {
  if (!isObject(schema.properties)) return [];
  const props = schema.properties;
  const pages: FormPage[] = [];
  const general: FormField[] = [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of orderedKeys(schema)) {
    const child = props[key];
    if (!isObject(child)) continue;
    if (typeOf(child) === 'object') {
      const fields = fieldsOf([key], child, 1, null);
      if (fields.length) pages.push({ key, title: labelOf(key, child), fields });
    } else {
      const f = fieldOf([key], child, required.includes(key), null);
      if (f) general.push(f);
    }
  }
  if (general.length)
    pages.unshift({
      key: 'chung',
      title: typeof schema.title === 'string' ? schema.title : 'Thông tin chung',
      fields: general,
    });
  return pages;
}

type Data = Record<string, unknown>;

export function getAt(data: Data, path: string[]): unknown {
  let cur: unknown = data;
  for (const k of path) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

function setAt(data: Data, path: string[], value: unknown): void {
  let cur: Data = data;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Data;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** Removes empty nested objects (an optional section left blank is absent, not `{}`). */
function prune(data: Data): Data {
  for (const [k, v] of Object.entries(data)) {
    if (isObject(v)) {
      prune(v);
      if (Object.keys(v).length === 0) delete data[k];
    }
  }
  return data;
}

/**
 * The page's answers from a posted form (every value a string), written into `data` as TYPED (raw text,
 * trimmed; the checkbox as a boolean): what the citizen typed is kept even when it is not valid yet.
 */
export function applyPage(data: Data, page: FormPage, body: Record<string, unknown>): Data {
  const out = structuredClone(data);
  for (const f of page.fields) {
    const raw = body[f.name];
    const text = typeof raw === 'string' ? raw.trim().slice(0, f.maxLength ?? 2000) : '';
    if (f.kind === 'boolean') setAt(out, f.path, text === 'co');
    else setAt(out, f.path, text === '' ? undefined : text);
  }
  return prune(out);
}

/**
 * A copy of the data ready for validation: objects the schema requires exist (so their missing fields are
 * reported one by one, next to each input, instead of one "section missing" error).
 */
export function forValidation(schema: Record<string, unknown>, data: Data): Data {
  const out = structuredClone(data);
  const walk = (s: Schema, target: Data) => {
    const props = isObject(s.properties) ? s.properties : {};
    const required = Array.isArray(s.required) ? s.required : [];
    for (const [k, child] of Object.entries(props)) {
      if (!isObject(child) || typeOf(child) !== 'object') continue;
      if (required.includes(k) && !isObject(target[k])) target[k] = {};
      if (isObject(target[k])) walk(child, target[k]);
    }
  };
  walk(schema, out);
  return out;
}

/** The field id a validation error (path /formData/a/b) belongs to, or null when no input matches. */
export function fieldIdOf(pages: FormPage[], error: FieldError): { page: FormPage; field: FormField } | null {
  const path = error.field
    .replace(/^\/formData\/?/, '')
    .split('/')
    .filter(Boolean);
  for (const page of pages)
    for (const field of page.fields) if (field.path.join('/') === path.join('/')) return { page, field };
  for (const page of pages) {
    const field = page.fields.find((f) => f.path.join('/').startsWith(path.join('/')));
    if (field && path.length > 0) return { page, field };
  }
  return null;
}

/** Display text of an answer. */
export function answerText(field: FormField, value: unknown): string {
  const text = scalarText(value);
  if (text === '') return '';
  if (field.kind === 'boolean') return value === true || value === 'true' ? 'Có' : 'Không';
  if (field.kind === 'enum') return field.options.find((o) => o.value === text)?.label ?? text;
  return text;
}

/** The text of a stored answer (a string, number or boolean); '' for anything else. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Pre-filled answers from the citizen's profile: the applicant's own name, phone and e-mail. */
export function prefill(
  pages: FormPage[],
  profile: { fullName: string | null; phone: string | null; email: string | null },
): Data {
  const data: Data = {};
  const applicantSections = ['nguoiYeuCau', 'nguoiNop', 'nguoiKhai', 'chung'];
  const values: Record<string, string | null> = {
    hoTen: profile.fullName,
    soDienThoai: profile.phone,
    email: profile.email,
  };
  for (const page of pages) {
    if (!applicantSections.includes(page.key)) continue;
    for (const f of page.fields) {
      const key = f.path[f.path.length - 1] ?? '';
      const v = values[key];
      if (v && f.path.length <= 2) setAt(data, f.path, v);
    }
  }
  return data;
}
