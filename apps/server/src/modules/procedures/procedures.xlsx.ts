import ExcelJS from 'exceljs';
import type { FieldError } from '../../http/errors.js';
import { formErrorsAt, newTypedBodyAjv } from './form-validation.js';
import { foldVietnamese, localCodeFor } from './procedures.rules.js';
import { ProcedureExchange } from './procedures.schemas.js';
import {
  CHILD_SHEETS,
  type Column,
  FORM_CHUNK,
  FORM_JSON_HEADER,
  FORM_PART_HEADER,
  KEY_HEADER,
  ORDER_HEADER,
  PROCEDURE_COLUMNS,
  SHEET,
} from './procedures.xlsx-layout.js';

/** Where a value came from in the workbook, for error messages. */
interface Origin {
  sheet: string;
  row: number;
  col?: number;
  header?: string;
}

export interface ParsedWorkbook {
  entries: ProcedureExchange[];
  /** Problems with their place in the workbook; when not empty, nothing may be imported. */
  problems: FieldError[];
  /** Locates an error of entries (`/<index>/<pointer>`, as the JSON import reports them) in the workbook. */
  locate(error: FieldError): FieldError;
}

type Cell = string | number | boolean | Date | null;
type Json = Record<string, unknown>;

const colLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

export function placeOf(o: Origin): { field: string; where: string } {
  if (o.col === undefined) return { field: `${o.sheet}!${o.row}:${o.row}`, where: `Trang «${o.sheet}», dòng ${o.row}` };
  const c = colLetter(o.col);
  return {
    field: `${o.sheet}!${c}${o.row}`,
    where: `Trang «${o.sheet}», dòng ${o.row}, cột ${c}${o.header ? ` (${o.header})` : ''}`,
  };
}

const problemAt = (o: Origin, message: string): FieldError => {
  const p = placeOf(o);
  return { field: p.field, message: `${p.where}: ${message}` };
};

// ---------------------------------------------------------------- writing

function setPath(target: Json, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  let obj = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
    obj = obj[k] as Json;
  }
  obj[keys[keys.length - 1] ?? ''] = value;
}

function getPath(source: unknown, pointer: string): unknown {
  let v: unknown = source;
  for (const k of pointer.split('/').slice(1)) v = v && typeof v === 'object' ? (v as Json)[k] : undefined;
  return v;
}

function toCell(col: Column, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  switch (col.kind) {
    case 'text':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
      return typeof value === 'number' ? value : JSON.stringify(value);
    case 'bool':
      return value === true ? 'Có' : 'Không';
    case 'json':
      return JSON.stringify(value);
    case 'lines':
      return Array.isArray(value) && value.length > 0 ? value.join('\n') : null;
    case 'csv':
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : null;
  }
}

function addSheet(wb: ExcelJS.Workbook, name: string, headers: { header: string; width: number }[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.header, width: h.width }));
  ws.getRow(1).font = { bold: true };
  // Text cells stay text (Excel would otherwise turn "15:00" or "1.001193" into a time or a number).
  headers.forEach((_h, i) => (ws.getColumn(i + 1).numFmt = '@'));
  return ws;
}

/** Code that child rows use to name their procedure. */
export const keyOf = (e: ProcedureExchange): string => e.code ?? e.localCode ?? localCodeFor(e.name);

/** The catalogue as an XLSX workbook (same content as the JSON export). */
export async function writeCatalogueXlsx(entries: readonly ProcedureExchange[], at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Saola';
  wb.created = at;
  wb.modified = at;
  const main = addSheet(wb, SHEET.procedures, [...PROCEDURE_COLUMNS]);
  for (const e of entries) main.addRow(PROCEDURE_COLUMNS.map((c) => toCell(c, getPath(e, c.path))));
  for (const child of CHILD_SHEETS) {
    const ws = addSheet(wb, child.sheet, [
      { header: KEY_HEADER, width: 14 },
      { header: ORDER_HEADER, width: 6 },
      ...child.columns,
    ]);
    ws.getColumn(2).numFmt = 'General';
    for (const e of entries) {
      const items = (e[child.list] ?? []) as unknown[];
      items.forEach((item, i) =>
        ws.addRow([keyOf(e), i + 1, ...child.columns.map((c) => toCell(c, getPath(item, c.path)))]),
      );
    }
  }
  const forms = addSheet(wb, SHEET.forms, [
    { header: KEY_HEADER, width: 14 },
    { header: FORM_PART_HEADER, width: 6 },
    { header: FORM_JSON_HEADER, width: 100 },
  ]);
  forms.getColumn(2).numFmt = 'General';
  for (const e of entries) {
    if (e.formSchema === undefined) continue;
    const json = JSON.stringify(e.formSchema);
    for (let i = 0, part = 1; i < json.length; i += FORM_CHUNK, part++)
      forms.addRow([keyOf(e), part, json.slice(i, i + FORM_CHUNK)]);
  }
  writeGuide(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function writeGuide(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(SHEET.guide);
  ws.columns = [{ width: 22 }, { width: 28 }, { width: 90 }];
  ws.addRow(['Trang', 'Cột', 'Giá trị']).font = { bold: true };
  const sheets: [string, readonly Column[]][] = [
    [SHEET.procedures, PROCEDURE_COLUMNS],
    ...CHILD_SHEETS.map((c): [string, readonly Column[]] => [c.sheet, c.columns]),
  ];
  for (const [sheet, columns] of sheets)
    for (const c of columns) {
      const text = [c.values ? `Một trong: ${c.values.join(', ')}` : '', c.help ?? ''].filter(Boolean).join('. ');
      if (text) ws.addRow([sheet, c.header, text]);
    }
  ws.addRow([
    'Trang con',
    `${KEY_HEADER}, ${ORDER_HEADER}`,
    'Mỗi dòng thuộc thủ tục có mã ở cột "Mã thủ tục" (Mã TTHC hoặc Mã tạm); thứ tự theo STT.',
  ]);
  ws.addRow([SHEET.forms, FORM_JSON_HEADER, 'JSON Schema của biểu mẫu; biểu mẫu dài được chia thành nhiều phần.']);
}

// ---------------------------------------------------------------- reading

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result ?? null);
    if ('text' in v && typeof v.text === 'string') return v.text;
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Cell → JSON value for a column; `undefined` = left out. Invalid input is returned as is, for the validator. */
function fromCell(col: Column, cell: Cell, origin: Origin, problems: FieldError[]): unknown {
  let raw = cell;
  if (raw instanceof Date) {
    // A user typed a date or a time that Excel converted: back to the text the format asks for.
    raw = col.path.endsWith('cutoffTime')
      ? `${pad(raw.getUTCHours())}:${pad(raw.getUTCMinutes())}`
      : `${raw.getUTCFullYear()}-${pad(raw.getUTCMonth() + 1)}-${pad(raw.getUTCDate())}`;
  }
  const text = raw === null ? '' : typeof raw === 'string' ? raw.trim() : String(raw);
  if (text === '') {
    if (col.kind === 'lines') return [];
    if (col.kind === 'json') return col.emptyAs;
    return col.nullable ? null : undefined;
  }
  switch (col.kind) {
    case 'text':
      return typeof raw === 'string' ? raw : text;
    case 'int':
      return typeof raw === 'number' ? raw : /^-?\d+$/.test(text) ? Number(text) : text;
    case 'bool': {
      const f = foldVietnamese(text);
      if (['co', 'x', 'true', '1', 'yes'].includes(f)) return true;
      if (['khong', 'false', '0', 'no'].includes(f)) return false;
      problems.push(problemAt(origin, 'Hãy ghi "Có" hoặc "Không".'));
      return undefined;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        problems.push(problemAt(origin, 'Nội dung JSON không hợp lệ.'));
        return undefined;
      }
    case 'lines':
      return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
    case 'csv':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
  }
}

/** Column numbers of the expected headers in row 1 (matched ignoring case and diacritics). */
function headerMap(ws: ExcelJS.Worksheet, headers: readonly string[], problems: FieldError[]): Map<string, number> {
  const found = new Map<string, number>();
  const wanted = new Map(headers.map((h) => [foldVietnamese(h), h]));
  ws.getRow(1).eachCell((cell, col) => {
    const v = cellValue(cell.value);
    const h = typeof v === 'string' ? wanted.get(foldVietnamese(v)) : undefined;
    if (h && !found.has(h)) found.set(h, col);
  });
  for (const h of headers) if (!found.has(h)) problems.push(problemAt({ sheet: ws.name, row: 1 }, `Thiếu cột "${h}".`));
  return found;
}

function dataRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    if (n > 1 && Array.isArray(row.values) && row.values.some((v) => cellValue(v) !== null)) rows.push(row);
  });
  return rows;
}

const findSheet = (wb: ExcelJS.Workbook, name: string) =>
  wb.worksheets.find((w) => foldVietnamese(w.name) === foldVietnamese(name));

/** Reads a catalogue workbook into import entries; every problem names its sheet, row and column. */
export async function readCatalogueXlsx(bytes: Buffer): Promise<ParsedWorkbook> {
  const wb = new ExcelJS.Workbook();
  const problems: FieldError[] = [];
  const origins: Map<string, Origin>[] = [];
  const entries: ProcedureExchange[] = [];
  const locate = (error: FieldError): FieldError => {
    const m = /^\/(\d+)(\/.*)?$/.exec(error.field);
    const map = m ? origins[Number(m[1])] : undefined;
    if (!m || !map) return error;
    for (let p = m[2] ?? ''; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const o = map.get(p);
      if (o) return problemAt(o, error.message);
      if (p === '') return error;
    }
  };
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { entries, problems: [{ field: '/file', message: 'Không đọc được tệp Excel (.xlsx).' }], locate };
  }
  const main = findSheet(wb, SHEET.procedures);
  if (!main)
    return { entries, problems: [{ field: '/file', message: `Tệp thiếu trang «${SHEET.procedures}».` }], locate };

  const cols = headerMap(
    main,
    PROCEDURE_COLUMNS.map((c) => c.header),
    problems,
  );
  const byKey = new Map<string, number>();
  for (const row of dataRows(main)) {
    const entry: Json = {};
    const origin = new Map<string, Origin>([['', { sheet: main.name, row: row.number }]]);
    for (const c of PROCEDURE_COLUMNS) {
      const col = cols.get(c.header);
      if (col === undefined) continue;
      const o = { sheet: main.name, row: row.number, col, header: c.header };
      origin.set(c.path, o);
      const v = fromCell(c, cellValue(row.getCell(col).value), o, problems);
      if (v !== undefined) setPath(entry, c.path, v);
    }
    const agency = entry.agency as Json | undefined;
    if (agency && agency.kind === null && agency.name === null) entry.agency = null;
    if (entry.agency === undefined) entry.agency = null;
    const e = entry as unknown as ProcedureExchange;
    const key = keyOf({ ...e, name: typeof e.name === 'string' ? e.name : '' });
    if (byKey.has(key)) problems.push(problemAt({ sheet: main.name, row: row.number }, `Mã ${key} lặp lại.`));
    byKey.set(key, entries.length);
    entries.push(e);
    origins.push(origin);
  }

  for (const child of CHILD_SHEETS) {
    const ws = findSheet(wb, child.sheet);
    if (!ws) continue; // a sheet left out: those lists stay empty (workflow: the default template)
    const headers = [KEY_HEADER, ORDER_HEADER, ...child.columns.map((c) => c.header)];
    const before = problems.length;
    const map = headerMap(ws, headers, problems);
    if (problems.length > before) continue;
    const lists = new Map<number, { order: number; item: Json; origin: Map<string, Origin>; row: number }[]>();
    for (const row of dataRows(ws)) {
      const at = (h: string) => cellValue(row.getCell(map.get(h) ?? 0).value);
      const key = String(at(KEY_HEADER) ?? '').trim();
      const index = byKey.get(key);
      if (index === undefined) {
        problems.push(
          problemAt(
            { sheet: ws.name, row: row.number, col: map.get(KEY_HEADER), header: KEY_HEADER },
            `Không có thủ tục mã "${key}" ở trang «${SHEET.procedures}».`,
          ),
        );
        continue;
      }
      const order = Number(at(ORDER_HEADER));
      if (!Number.isInteger(order)) {
        problems.push(
          problemAt(
            { sheet: ws.name, row: row.number, col: map.get(ORDER_HEADER), header: ORDER_HEADER },
            'STT phải là số nguyên.',
          ),
        );
        continue;
      }
      const item: Json = {};
      const origin = new Map<string, Origin>();
      for (const c of child.columns) {
        const col = map.get(c.header);
        if (col === undefined) continue;
        const o = { sheet: ws.name, row: row.number, col, header: c.header };
        origin.set(c.path, o);
        const v = fromCell(c, cellValue(row.getCell(col).value), o, problems);
        if (v !== undefined) setPath(item, c.path, v);
      }
      const list = lists.get(index) ?? [];
      list.push({ order, item, origin, row: row.number });
      lists.set(index, list);
    }
    for (const [index, list] of lists) {
      list.sort((a, b) => a.order - b.order);
      (entries[index] as unknown as Json)[child.list] = list.map((l) => l.item);
      const origin = origins[index];
      list.forEach((l, i) => {
        origin?.set(`/${child.list}/${i}`, { sheet: ws.name, row: l.row });
        for (const [p, o] of l.origin) origin?.set(`/${child.list}/${i}${p}`, o);
      });
    }
    for (const [index, e] of entries.entries())
      if (child.list !== 'workflow' && !lists.has(index)) (e as unknown as Json)[child.list] = [];
  }
  readForms(wb, entries, origins, byKey, problems);

  if (problems.length === 0) {
    const validate = newTypedBodyAjv().compile(ProcedureExchange);
    entries.forEach((e, i) => {
      if (!validate(e)) problems.push(...formErrorsAt(validate.errors ?? [], `/${i}`).map(locate));
    });
  }
  return { entries, problems, locate };
}

function readForms(
  wb: ExcelJS.Workbook,
  entries: ProcedureExchange[],
  origins: Map<string, Origin>[],
  byKey: Map<string, number>,
  problems: FieldError[],
) {
  const ws = findSheet(wb, SHEET.forms);
  if (!ws) return;
  const before = problems.length;
  const map = headerMap(ws, [KEY_HEADER, FORM_PART_HEADER, FORM_JSON_HEADER], problems);
  if (problems.length > before) return;
  const parts = new Map<number, { part: number; text: string; row: number }[]>();
  for (const row of dataRows(ws)) {
    const at = (h: string) => cellValue(row.getCell(map.get(h) ?? 0).value);
    const key = String(at(KEY_HEADER) ?? '').trim();
    const index = byKey.get(key);
    if (index === undefined) {
      problems.push(
        problemAt(
          { sheet: ws.name, row: row.number, col: map.get(KEY_HEADER), header: KEY_HEADER },
          `Không có thủ tục mã "${key}" ở trang «${SHEET.procedures}».`,
        ),
      );
      continue;
    }
    const list = parts.get(index) ?? [];
    list.push({ part: Number(at(FORM_PART_HEADER)) || 1, text: String(at(FORM_JSON_HEADER) ?? ''), row: row.number });
    parts.set(index, list);
  }
  for (const [index, list] of parts) {
    list.sort((a, b) => a.part - b.part);
    const first = list[0];
    if (!first) continue;
    const origin: Origin = { sheet: ws.name, row: first.row, col: map.get(FORM_JSON_HEADER), header: FORM_JSON_HEADER };
    origins[index]?.set('/formSchema', origin);
    try {
      (entries[index] as unknown as Json).formSchema = JSON.parse(list.map((l) => l.text).join('')) as unknown;
    } catch {
      problems.push(problemAt(origin, 'Nội dung JSON không hợp lệ.'));
    }
  }
}
