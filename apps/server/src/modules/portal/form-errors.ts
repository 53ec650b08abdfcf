import { html, type SafeHtml } from './html.js';

/**
 * Errors on a portal form, shown the GOV.UK Design System way: listed in a summary at the top (each a link to its
 * input) and again next to the input, which points at its message with aria-describedby.
 */
export interface FieldProblem {
  /** id of the input on this page. */
  id: string;
  /** Where the summary links to; `#<id>` by default (another page's input for a "check your answers" page). */
  href?: string;
  message: string;
}

/** The error summary; with `focus`, `autofocus` moves focus to it (no script needed). */
export function errorSummary(problems: FieldProblem[], options: { focus?: boolean } = {}): SafeHtml | '' {
  if (!problems.length) return '';
  const focus = options.focus ? html` autofocus` : '';
  const items = problems.map((p) => html`<li><a href="${p.href ?? `#${p.id}`}">${p.message}</a></li>`);
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" ${focus}>
    <h2 id="error-summary-title">Có lỗi cần sửa</h2>
    <ul>
      ${items}
    </ul>
  </div>`;
}

/** The message shown next to the input. */
export function errorMessage(problems: FieldProblem[], id: string): SafeHtml | '' {
  const p = problems.find((x) => x.id === id);
  return p
    ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Lỗi: </span>${p.message}</p>`
    : '';
}

/** aria-describedby / aria-invalid attributes for an input with an optional hint. */
export function describedBy(problems: FieldProblem[], id: string, hint: boolean): SafeHtml {
  const bad = problems.some((p) => p.id === id);
  const ids = [hint ? `${id}-hint` : null, bad ? `${id}-error` : null].filter(Boolean);
  return html`${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}${bad ? html` aria-invalid="true"` : ''}`;
}

/** The hidden CSRF field of a form posted with the citizen's session cookie. */
export function csrfInput(csrf: string | null): SafeHtml | '' {
  return csrf ? html`<input type="hidden" name="_csrf" value="${csrf}" />` : '';
}
