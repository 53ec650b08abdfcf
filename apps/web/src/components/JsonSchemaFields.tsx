import { Checkbox, DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';

/** UI hints of a procedure's e-form (`x-ui`, see data/procedures/README.md). */
export interface FormUiHints {
  label?: string;
  help?: string;
  placeholder?: string;
  /** `textarea` for long text, `date` for a date typed as a string. */
  widget?: string;
  /** Labels of the `enum` values, in the same order (`enumNames` is the older name). */
  enumLabels?: string[];
  enumNames?: string[];
  /** Order of an object's properties (the others follow in schema order). */
  order?: string[];
  [key: string]: unknown;
}

/**
 * One property of a procedure's e-form (JSON Schema subset: string, number, integer, boolean, date, enum, and
 * nested objects rendered as titled sections).
 */
export interface FormProperty {
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  enumNames?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  properties?: Record<string, FormProperty>;
  required?: string[];
  'x-ui'?: FormUiHints;
}

export interface FormSchemaLike {
  properties?: Record<string, FormProperty>;
  required?: string[];
  'x-ui'?: FormUiHints;
}

export interface JsonSchemaMessages {
  /** "… is required" for a field label. */
  requiredMessage: (label: string) => string;
  /** "… is not in the expected format" (a `pattern` such as 12 digits of the ID number). */
  patternMessage?: (label: string) => string;
  /** Shown under an optional section's title. */
  optionalSection?: string;
}

function typeOf(p: FormProperty): string {
  const t = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
  return t ?? (p.properties ? 'object' : 'string');
}

const isDate = (p: FormProperty) =>
  typeOf(p) === 'string' && (p.format === 'date' || p.format === 'date-time' || p['x-ui']?.widget === 'date');
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !dayjs.isDayjs(v);

export const labelOf = (key: string, p: FormProperty) => p['x-ui']?.label ?? p.title ?? key;

/** Keys of an object schema: the `x-ui.order` first, then the others in schema order. */
export function orderedKeys(schema: FormSchemaLike | FormProperty | undefined): string[] {
  const keys = Object.keys(schema?.properties ?? {});
  const order = (schema?.['x-ui']?.order ?? []).filter((k) => keys.includes(k));
  return [...order, ...keys.filter((k) => !order.includes(k))];
}

/** Something was typed somewhere in this (section) value. */
function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (isPlainObject(value)) return Object.values(value).some(hasValue);
  return true;
}

interface Ctx {
  root: string;
  messages: JsonSchemaMessages;
}

/**
 * A field of a section. `always`: every section above it is required (or it is at the root), so a required field
 * is always required. Otherwise a required field is required only once something of its section is filled in
 * (the server's rule: an optional section may be absent, but a section that is present must be complete).
 */
function Field({
  ctx,
  path,
  p,
  required,
  always,
}: {
  ctx: Ctx;
  path: string[];
  p: FormProperty;
  required: boolean;
  always: boolean;
}) {
  const key = path[path.length - 1] ?? '';
  const label = labelOf(key, p);
  const id = [ctx.root, ...path].join('-');
  const t = typeOf(p);
  const section = [ctx.root, ...path.slice(0, -1)];
  const rules: Rule[] = [];
  if (required && t !== 'boolean') {
    if (always) rules.push({ required: true, message: ctx.messages.requiredMessage(label) });
    else
      rules.push(({ getFieldValue }) => ({
        validator: (_r, value: unknown) =>
          hasValue(value) || !hasValue(getFieldValue(section))
            ? Promise.resolve()
            : Promise.reject(new Error(ctx.messages.requiredMessage(label))),
      }));
  }
  if (t === 'string' && !isDate(p) && !p.enum) {
    if (p.maxLength) rules.push({ max: p.maxLength });
    if (p.pattern)
      rules.push({
        pattern: new RegExp(p.pattern),
        ...(ctx.messages.patternMessage ? { message: ctx.messages.patternMessage(label) } : {}),
      });
  }
  const ui = p['x-ui'] ?? {};
  const common = {
    name: [ctx.root, ...path],
    label,
    rules,
    extra: ui.help ?? p.description,
    htmlFor: id,
    required: required && always && t !== 'boolean' ? true : undefined,
  };
  if (p.enum) {
    const names = ui.enumLabels ?? ui.enumNames ?? p.enumNames;
    return (
      <Form.Item {...common}>
        <Select
          id={id}
          allowClear={!(required && always)}
          options={p.enum.map((v, i) => ({ value: v as string, label: names?.[i] ?? String(v as string) }))}
        />
      </Form.Item>
    );
  }
  if (t === 'boolean') {
    return (
      <Form.Item {...common} label={undefined} valuePropName="checked" htmlFor={undefined}>
        <Checkbox id={id}>{label}</Checkbox>
      </Form.Item>
    );
  }
  if (t === 'number' || t === 'integer') {
    return (
      <Form.Item {...common}>
        <InputNumber
          id={id}
          style={{ width: 200 }}
          precision={t === 'integer' ? 0 : undefined}
          min={p.minimum}
          max={p.maximum}
          placeholder={ui.placeholder}
        />
      </Form.Item>
    );
  }
  if (isDate(p)) {
    return (
      <Form.Item {...common}>
        <DatePicker id={id} format="DD/MM/YYYY" showTime={p.format === 'date-time'} />
      </Form.Item>
    );
  }
  if (ui.widget === 'textarea') {
    return (
      <Form.Item {...common}>
        <Input.TextArea id={id} rows={3} maxLength={p.maxLength} placeholder={ui.placeholder} />
      </Form.Item>
    );
  }
  return (
    <Form.Item {...common}>
      <Input id={id} maxLength={p.maxLength} placeholder={ui.placeholder} autoComplete="off" />
    </Form.Item>
  );
}

const SUPPORTED = ['string', 'number', 'integer', 'boolean', 'object'];

function Fields({
  ctx,
  schema,
  path,
  always,
  depth,
}: {
  ctx: Ctx;
  schema: FormSchemaLike | FormProperty;
  path: string[];
  always: boolean;
  depth: number;
}) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {orderedKeys(schema).map((key) => {
        const p = schema.properties?.[key];
        if (!p || !SUPPORTED.includes(typeOf(p))) return null;
        if (typeOf(p) === 'object') {
          // Sections (one page of the portal's form each); deeper nesting than 3 levels is not rendered.
          if (depth >= 3) return null;
          const sectionRequired = always && required.has(key);
          const help = p['x-ui']?.help ?? p.description;
          return (
            <fieldset
              key={key}
              data-testid={`section-${[...path, key].join('-')}`}
              style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '4px 16px 0', marginBottom: 16 }}
            >
              <legend style={{ fontSize: depth === 0 ? 15 : 14, fontWeight: 600, width: 'auto', padding: '0 4px' }}>
                {labelOf(key, p)}
              </legend>
              {help || !sectionRequired ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
                  {[help, sectionRequired ? null : ctx.messages.optionalSection].filter(Boolean).join(' ')}
                </Typography.Paragraph>
              ) : null}
              <Fields ctx={ctx} schema={p} path={[...path, key]} always={sectionRequired} depth={depth + 1} />
            </fieldset>
          );
        }
        return <Field key={key} ctx={ctx} path={[...path, key]} p={p} required={required.has(key)} always={always} />;
      })}
    </>
  );
}

/**
 * Renders a procedure's e-form (JSON Schema, root object) as antd Form.Items under `name` (e.g. 'formData'):
 * scalar fields with their Vietnamese labels (`x-ui.label` or `title`), help, required marks, choices of an
 * `enum` (labels from `x-ui.enumLabels`), and nested objects as titled sections (fieldsets). Arrays are not
 * rendered. The server validates the whole document again and answers 422 with the failing fields, which
 * applyProblemToForm shows under these items.
 */
export function JsonSchemaFields({
  schema,
  name,
  requiredMessage,
  patternMessage,
  optionalSection,
}: {
  schema: FormSchemaLike | undefined;
  name: string;
} & JsonSchemaMessages) {
  if (!schema) return null;
  const ctx: Ctx = { root: name, messages: { requiredMessage, patternMessage, optionalSection } };
  return <Fields ctx={ctx} schema={schema} path={[]} always depth={0} />;
}

/**
 * Form values → JSON for the server: dates as YYYY-MM-DD (or ISO instants), empty values and sections left
 * entirely empty dropped (an optional section not filled in is absent, not `{}`).
 */
export function jsonSchemaValues(
  schema: FormSchemaLike | FormProperty | undefined,
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    const p = schema?.properties?.[key];
    if (dayjs.isDayjs(value)) {
      out[key] = p?.format === 'date-time' ? value.toISOString() : value.format('YYYY-MM-DD');
    } else if (isPlainObject(value)) {
      const inner = jsonSchemaValues(p, value);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (typeof value === 'string' && value.trim() === '') continue;
    else out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}
