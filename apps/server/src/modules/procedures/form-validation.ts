import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../../http/errors.js';
import { ajvMessage } from '../../http/problem.js';

// ajv-formats is CommonJS (module.exports = plugin, plugin.default = plugin): under NodeNext the default
// import is typed as the module object, so reach the plugin through `.default`.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => unknown }).default;

/**
 * Validation of the data a citizen or officer enters in a procedure's e-form (issue 3 §1: "validated on the
 * server with the same validator as the API").
 *
 * Same validator as the API: Ajv 8 + ajv-formats, as @fastify/ajv-compiler builds it, with the options of
 * src/http/validators.ts for values that arrive as text (`allErrors`, `coerceTypes: 'array'`, `removeAdditional:
 * true`, `useDefaults: true`), and the same Vietnamese messages (http/problem.ts `ajvMessage`).
 *
 * Decision on the normalising options for STORED form data — kept, on purpose, identical to the API's:
 * - coerceTypes 'array': forms also arrive from plain HTML forms (formbody, every value a string); "2" for a
 *   number field is stored as 2, i.e. with the type the form declares, so later readers can trust the schema.
 *   Caveat (documented): Ajv also turns null into ""/0/false for a string/number/boolean
 *   field; a form that must tell "empty" from "0" should declare the field `type: ["number", "null"]`.
 * - removeAdditional true: removes only properties that a schema forbids with `additionalProperties: false`,
 *   so what is stored is what the form asks for and nothing else (data minimisation); forms that do not say
 *   `additionalProperties: false` keep every property.
 * - useDefaults: a `default` the form author set is written into the data, as the form shows it pre-filled.
 * These change the data IN PLACE (that is how Ajv works): the caller must validate the very object it stores.
 *
 * The schema itself is authored by catalogue managers, checked when saved (`formSchemaCompileProblems`)
 * and compiled once per published revision (revisions never change), cached here.
 */
export const FORM_AJV_OPTIONS: Options = {
  allErrors: true,
  coerceTypes: 'array',
  removeAdditional: true,
  useDefaults: true,
  // as @fastify/ajv-compiler: compiled schemas are not registered by $id (two revisions may share one)
  addUsedSchema: false,
};

/** Keywords for UI hints that the validator ignores (strict mode would reject unknown keywords). */
const UI_KEYWORDS = ['x-ui', 'x-order', 'x-group', 'x-placeholder', 'x-help'];

function newAjv(): Ajv {
  const ajv = new Ajv(FORM_AJV_OPTIONS);
  addFormats(ajv);
  for (const keyword of UI_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}

/**
 * Ajv for values that are already typed (cells read from a workbook): the API's JSON-body options
 * (src/http/validators.ts), WITHOUT type coercion. Coercion is wrong there: with `coerceTypes`, a `null` in a nullable integer
 * (TypeBox `Union([Integer, Null])` = anyOf) is turned into 0 by the first branch and then passes, so a fee
 * "set by the province" (amountVnd null) would be stored as "0 đồng".
 */
export function newTypedBodyAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: false,
    removeAdditional: true,
    useDefaults: true,
    addUsedSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

const MAX_CACHED = 2000;

export class FormValidator {
  private readonly ajv = newAjv();
  private readonly cache = new Map<string, ValidateFunction>();

  /** Problems of an e-form schema for the editor: [] when Ajv compiles it. */
  compileProblems(schema: Record<string, unknown>, field = '/formSchema'): FieldError[] {
    try {
      this.ajv.removeSchema(this.ajv.compile(schema).schema);
      return [];
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return [{ field, message: `Biểu mẫu không phải JSON Schema hợp lệ: ${reason}` }];
    }
  }

  /**
   * Errors of `data` against the e-form of a published revision (compiled once per procedureId + revision).
   * [] when valid or when the procedure has no form fields. Paths are prefixed with `/formData`.
   */
  validate(
    procedure: { procedureId: string; revision: number; formSchema: Record<string, unknown> | null | undefined },
    data: unknown,
  ): FieldError[] {
    const schema = procedure.formSchema;
    if (!schema || Object.keys(schema).length === 0) return [];
    const key = `${procedure.procedureId}:${procedure.revision}`;
    let validate = this.cache.get(key);
    if (!validate) {
      // A published schema was checked when saved; a failure here is a server fault (500), not the user's.
      validate = this.ajv.compile(schema);
      if (this.cache.size >= MAX_CACHED) {
        const oldest = this.cache.entries().next();
        if (!oldest.done) {
          this.cache.delete(oldest.value[0]);
          this.ajv.removeSchema(oldest.value[1].schema);
        }
      }
      this.cache.set(key, validate);
    }
    if (validate(data)) return [];
    return formErrors(validate.errors ?? []);
  }

  /** Number of compiled forms held (for tests). */
  get cachedCount(): number {
    return this.cache.size;
  }
}

/** Ajv errors → Vietnamese field errors under /formData (one entry per field and message). */
export function formErrors(errors: readonly ErrorObject[]): FieldError[] {
  return formErrorsAt(errors, '/formData');
}

/** Ajv errors → Vietnamese field errors with paths under `prefix` (one entry per field and message). */
export function formErrorsAt(errors: readonly ErrorObject[], prefix: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const m = ajvMessage(e);
    const field = m.field === '/' ? prefix || '/' : `${prefix}${m.field}`;
    const id = `${field}\u0000${m.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ field, message: m.message });
  }
  return out;
}
