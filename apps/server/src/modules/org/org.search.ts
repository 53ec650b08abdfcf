/**
 * Diacritics-insensitive search without the `unaccent` extension (neither PGlite nor a stock
 * PostgreSQL may have it): the application stores a folded copy of the text and folds the query
 * the same way. "Nguyễn Văn Đức" → "nguyen van duc".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes a user's text for a LIKE pattern (`\` is PostgreSQL's default LIKE escape). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
