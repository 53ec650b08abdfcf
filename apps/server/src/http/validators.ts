import AjvCompiler from '@fastify/ajv-compiler';
import type { Options as AjvOptions } from 'ajv';
import type { FastifyServerOptions } from 'fastify';

/**
 * Ajv options of every route schema: all errors at once (the problem response lists every failing field),
 * unknown properties dropped, defaults filled in.
 */
export const AJV_OPTIONS = { allErrors: true, removeAdditional: true, useDefaults: true } as const;

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type BuildValidator = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildValidator']>;
/** What Fastify passes to a validator compiler (the package's types describe it as a bare schema). */
interface RouteSchemaDef {
  schema: unknown;
  url: string;
  method: string;
  httpPart?: string;
}
type RouteCompiler = (route: RouteSchemaDef) => unknown;
type Externals = Record<string, unknown>;
interface CompilerOptions {
  customOptions?: AjvOptions;
  plugins?: unknown[];
}

/**
 * Two Ajv instances, chosen per route part:
 * - JSON bodies of the API (`/api/…`) are validated WITHOUT type coercion. With coercion, a `null` in a nullable
 *   number (TypeBox `Union([Integer, Null])` = anyOf) is turned into 0 by the first branch and passes, so "no
 *   amount" would be stored as "0 đồng", and `"5"` would pass for 5. A JSON client sends typed values.
 * - Query strings, path parameters, headers and the portal's HTML form bodies (urlencoded: every value a string)
 *   are coerced (`coerceTypes: 'array'`: "2" → 2, one value → a one-item array).
 * Routes with their own `validatorCompiler` (multipart uploads) keep it.
 */
export function buildValidator(): BuildValidator {
  const factory = AjvCompiler() as unknown as (externals: Externals, options: CompilerOptions) => RouteCompiler;
  const build = (externalSchemas: Externals, ajvOptions: CompilerOptions | undefined) => {
    const custom = { ...ajvOptions?.customOptions, ...AJV_OPTIONS };
    const coercing = factory(externalSchemas, { ...ajvOptions, customOptions: { ...custom, coerceTypes: 'array' } });
    const typed = factory(externalSchemas, { ...ajvOptions, customOptions: { ...custom, coerceTypes: false } });
    return (route: RouteSchemaDef) =>
      (route.httpPart === 'body' && route.url.startsWith('/api/') ? typed : coercing)(route);
  };
  return build as unknown as BuildValidator;
}
