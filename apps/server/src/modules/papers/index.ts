/**
 * Papers of the one-stop mechanism (Thông tư 03/2025/TT-VPCP, Phụ lục I): pure renderers from typed data to
 * PDF (Mẫu số 01–06) and XLSX (Mẫu số 07). No routes and no port of their own: the dossier module maps a
 * dossier onto these inputs and serves the files.
 */
export type * from './papers.types.js';
export type { RenderOptions } from './paper-parts.js';
export { PdfForm, A4, MARGINS } from './pdf-document.js';
export {
  renderMau01,
  renderMau02,
  renderMau03,
  lookupUrl,
  MAU01_TITLE,
  MAU02_TITLE,
  MAU03_TITLE,
} from './forms-reception.js';
export { renderMau04, renderMau05, renderMau06, MAU04_TITLE, MAU05_TITLE, MAU06_TITLE } from './forms-letters.js';
export { renderSoTheoDoi, SO_THEO_DOI_COLUMNS, SO_THEO_DOI_LAYOUT, SO_THEO_DOI_TITLE } from './so-theo-doi.js';
export { vnDate, vnDateTime, placeDateLine } from './vn-format.js';
