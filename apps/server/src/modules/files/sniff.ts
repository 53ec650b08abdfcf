/** File types accepted as uploads, recognised by their first bytes ("magic numbers"). */
export type SniffedMime = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface SniffedType {
  mime: SniffedMime;
  /** Lower-case extensions (without dot) a file of this type may carry. */
  extensions: string[];
}

/** Bytes to read from the start of an upload before calling `sniffType`. */
export const SNIFF_BYTES = 8;

const SIGNATURES: { mime: SniffedMime; extensions: string[]; magic: number[] }[] = [
  { mime: 'application/pdf', extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mime: 'image/png', extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
];

/** The real type of a file from its first bytes, or null when it is none of the accepted types. */
export function sniffType(head: Uint8Array): SniffedType | null {
  for (const s of SIGNATURES) {
    if (head.length >= s.magic.length && s.magic.every((b, i) => head[i] === b)) {
      return { mime: s.mime, extensions: [...s.extensions] };
    }
  }
  return null;
}

export type UploadCheck =
  | { ok: true; type: SniffedType }
  | { ok: false; code: 'unsupported_type' | 'extension_mismatch' | 'declared_type_mismatch'; detail: string };

/**
 * Refuses an upload whose content is not an accepted type, or whose file name extension or
 * declared Content-Type says something other than its content (a renamed executable, say).
 */
export function checkUpload(
  input: { filename: string; declaredType?: string | null; head: Uint8Array },
  accepted: SniffedMime[] = ['application/pdf', 'image/jpeg', 'image/png'],
): UploadCheck {
  const type = sniffType(input.head);
  if (!type || !accepted.includes(type.mime)) {
    return {
      ok: false,
      code: 'unsupported_type',
      detail: `Tệp "${input.filename}" không đúng định dạng được chấp nhận (${accepted.map(label).join(', ')}).`,
    };
  }
  const dot = input.filename.lastIndexOf('.');
  const ext = dot >= 0 ? input.filename.slice(dot + 1).toLowerCase() : '';
  if (!type.extensions.includes(ext)) {
    return {
      ok: false,
      code: 'extension_mismatch',
      detail: `Tệp "${input.filename}" có nội dung là ${label(type.mime)} nhưng phần mở rộng không khớp. Hãy đặt tên tệp đuôi .${type.extensions[0]!}.`,
    };
  }
  const declared = input.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (
    declared &&
    declared !== 'application/octet-stream' &&
    declared !== type.mime &&
    !(declared === 'image/jpg' && type.mime === 'image/jpeg')
  ) {
    return {
      ok: false,
      code: 'declared_type_mismatch',
      detail: `Tệp "${input.filename}" khai báo là ${declared} nhưng nội dung là ${label(type.mime)}.`,
    };
  }
  return { ok: true, type };
}

function label(mime: SniffedMime): string {
  switch (mime) {
    case 'application/pdf':
      return 'PDF';
    case 'image/jpeg':
      return 'ảnh JPEG';
    case 'image/png':
      return 'ảnh PNG';
  }
}
