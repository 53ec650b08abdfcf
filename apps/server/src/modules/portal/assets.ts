import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/server/public — the same three levels up from src/modules/portal and dist/modules/portal. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');

/** URL prefix under which PUBLIC_DIR is served (long cache: every link carries the file's hash). */
export const ASSET_PREFIX = '/assets/';

const versions = new Map<string, string>();

/** Versioned URL of a public file: `/assets/portal.css?v=<first 12 hex of sha256>`. */
export function assetUrl(name: string): string {
  let v = versions.get(name);
  if (v === undefined) {
    v = createHash('sha256')
      .update(readFileSync(path.join(PUBLIC_DIR, name)))
      .digest('hex')
      .slice(0, 12);
    versions.set(name, v);
  }
  return `${ASSET_PREFIX}${name}?v=${v}`;
}
