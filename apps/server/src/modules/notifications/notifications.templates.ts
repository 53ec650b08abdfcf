import type { FieldError } from '../../http/errors.js';
import type { Channel } from './notifications.port.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the {{placeholders}} a text uses, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export class TemplateDataError extends Error {}

/** Fills {{name}} with data.name; a placeholder without data is an error, never an empty hole. */
export function renderText(text: string, data: Record<string, string | number>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined) throw new TemplateDataError(`Thiếu dữ liệu cho chỗ điền {{${name}}}.`);
    return String(value);
  });
}

/** What an administrator may write in a template: only known placeholders, required ones kept. */
export function checkTemplateText(input: {
  channel: Channel;
  subject: string | null;
  body: string;
  variables: string[];
  requiredVariables: string[];
}): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(input.variables);
  const list = input.variables.map((v) => `{{${v}}}`).join(', ') || '(không có)';
  if (input.channel === 'email' && !input.subject?.trim()) {
    errors.push({ field: '/subject', message: 'Thư điện tử cần có tiêu đề.' });
  }
  if (input.channel === 'sms' && input.subject !== null && input.subject !== '') {
    errors.push({ field: '/subject', message: 'Tin nhắn SMS không có tiêu đề; hãy để trống.' });
  }
  for (const [field, text] of [
    ['/subject', input.subject ?? ''],
    ['/body', input.body],
  ] as const) {
    const unknown = placeholdersOf(text).filter((p) => !known.has(p));
    if (unknown.length > 0) {
      errors.push({
        field,
        message: `Chỗ điền không hợp lệ: ${unknown.map((u) => `{{${u}}}`).join(', ')}. Chỉ được dùng: ${list}.`,
      });
    }
  }
  const used = new Set([...placeholdersOf(input.subject ?? ''), ...placeholdersOf(input.body)]);
  const missing = input.requiredVariables.filter((v) => !used.has(v));
  if (missing.length > 0) {
    errors.push({
      field: '/body',
      message: `Nội dung phải giữ chỗ điền ${missing.map((m) => `{{${m}}}`).join(', ')}.`,
    });
  }
  return errors;
}

const EMAIL = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;
const VN_PHONE = /^(?:0|\+84)\d{9,10}$/;

/** The recipient as it will be used, or null when it is not valid for the channel. */
export function normalizeRecipient(channel: Channel, to: string): string | null {
  const value = to.trim();
  switch (channel) {
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? value : null;
    case 'sms': {
      const compact = value.replace(/[\s.()-]/g, '');
      return VN_PHONE.test(compact) ? compact : null;
    }
  }
}
