import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';

describe('escapeHtml', () => {
  it('escapes the characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
  it('leaves Vietnamese text untouched', () => {
    expect(escapeHtml('Ủy ban nhân dân tỉnh Quảng Trị')).toBe('Ủy ban nhân dân tỉnh Quảng Trị');
  });
});

describe('html tagged template', () => {
  it('escapes interpolated strings by default', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });
  it('keeps nested templates and raw() fragments as HTML', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}${raw('<i>x</i>')}</p>`.value).toBe('<p><b>a&amp;b</b><i>x</i></p>');
  });
  it('joins arrays, escaping each string item', () => {
    expect(html`<span>${['<1>', html`<b>2</b>`]}</span>`.value).toBe('<span>&lt;1&gt;<b>2</b></span>');
  });
  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${12}]`.value).toBe('[012]');
  });
});
