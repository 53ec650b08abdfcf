import type { AuditRowRecord } from './audit.repository.js';

/** UTF-8 byte order mark: without it Excel reads the file as ANSI and breaks Vietnamese letters. */
export const BOM = '\uFEFF';

export const CSV_HEADER = [
  'Số thứ tự',
  'Thời điểm',
  'Loại tác nhân',
  'Mã người thực hiện',
  'Người thực hiện',
  'Địa chỉ IP',
  'Trình duyệt',
  'Mã yêu cầu',
  'Hành động',
  'Loại đối tượng',
  'Mã đối tượng',
  'Mã cơ quan',
  'Trước',
  'Sau',
  'Ghi chú',
  'Mã băm',
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value that a
 * spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP CSV
 * injection advice), so a crafted user agent or name cannot execute in Excel.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Instant as ISO 8601 in Vietnam time (UTC+7, no daylight saving): 2026-01-15T08:00:00.000+07:00. */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, -1)}+07:00`;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function csvRow(r: AuditRowRecord): string {
  return csvLine([
    Number(r.seq),
    vietnamIso(r.at),
    r.actor_kind,
    r.actor_id,
    r.actor_name,
    r.ip,
    r.user_agent,
    r.request_id,
    r.action,
    r.entity_type,
    r.entity_id,
    r.agency_id,
    json(r.before),
    json(r.after),
    r.note,
    r.hash,
  ]);
}
