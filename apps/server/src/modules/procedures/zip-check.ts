import { inflateRawSync } from 'node:zlib';

/**
 * Checks that an uploaded file really is a ZIP archive (an XLSX workbook is one) of a reasonable unpacked size,
 * BEFORE it is handed to the XLSX reader: the content is checked, not the name or the declared type, and an
 * archive that would unpack to far more than it weighs (a "zip bomb") is refused. The sizes the archive declares
 * may lie, so every entry is really inflated, with the remaining budget as zlib's output limit.
 */

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUnpackedBytes: number;
  maxEntries: number;
}

export type ZipCheck = { ok: true; entries: string[] } | { ok: false; reason: 'not_zip' | 'too_big' | 'too_many' };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;

export function checkZip(bytes: Buffer, limits: ZipLimits): ZipCheck {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL_HEADER) return { ok: false, reason: 'not_zip' };
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === END_OF_CENTRAL) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not_zip' };
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  // 0xffff / 0xffffffff mean ZIP64, which no workbook of this size needs.
  if (count === 0xffff || offset === 0xffffffff || offset + size > eocd) return { ok: false, reason: 'not_zip' };
  if (count > limits.maxEntries) return { ok: false, reason: 'too_many' };
  let pos = offset;
  let unpacked = 0;
  const entries: string[] = [];
  for (let n = 0; n < count; n++) {
    if (pos + 46 > eocd || bytes.readUInt32LE(pos) !== CENTRAL_HEADER) return { ok: false, reason: 'not_zip' };
    const uncompressed = bytes.readUInt32LE(pos + 24);
    const nameLength = bytes.readUInt16LE(pos + 28);
    const extraLength = bytes.readUInt16LE(pos + 30);
    const commentLength = bytes.readUInt16LE(pos + 32);
    if (uncompressed === 0xffffffff) return { ok: false, reason: 'too_big' };
    if (unpacked + uncompressed > limits.maxUnpackedBytes) return { ok: false, reason: 'too_big' };
    const real = inflatedSize(bytes, pos, limits.maxUnpackedBytes - unpacked);
    if (real === 'not_zip' || real === 'too_big') return { ok: false, reason: real };
    unpacked += real;
    entries.push(bytes.toString('utf8', pos + 46, pos + 46 + nameLength));
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

/** Real unpacked size of the entry whose central header is at `central` (at most `budget` bytes are inflated). */
function inflatedSize(bytes: Buffer, central: number, budget: number): number | 'not_zip' | 'too_big' {
  const method = bytes.readUInt16LE(central + 10);
  const compressed = bytes.readUInt32LE(central + 20);
  const local = bytes.readUInt32LE(central + 42);
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) return 'not_zip';
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + compressed > bytes.length) return 'not_zip';
  const data = bytes.subarray(start, start + compressed);
  if (method === 0) return compressed > budget ? 'too_big' : compressed; // stored
  if (method !== 8) return 'not_zip'; // only "deflate" is used by spreadsheet programs
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
  } catch (e) {
    return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError ? 'too_big' : 'not_zip';
  }
}
