import type { FastifyReply, FastifyRequest } from 'fastify';
import { assetUrl } from './assets.js';
import { FONT_SIZES, type FontSize, fontSizeOf } from './font-size.js';
import { html, type SafeHtml } from './html.js';

export interface Breadcrumb {
  label: string;
  /** Omit for the current page (the last crumb). */
  href?: string;
}

export interface LayoutOptions {
  /** Page title (plain text, escaped). The portal's name is appended in <title>. */
  title: string;
  /** The page's content, built with the `html` tag (never a plain string: that would skip escaping). */
  main: SafeHtml;
  request: FastifyRequest;
  /** Crumbs after "Trang chủ" (added automatically); the last one is the current page. */
  breadcrumbs?: Breadcrumb[];
  /** Meta description (plain text); defaults to a sentence about the portal. */
  description?: string;
  /** Canonical path when it differs from the request's path (e.g. keeps a meaningful query). */
  canonicalPath?: string;
  /** Adds <meta name="robots" content="noindex"> (sign-in, account, error pages). */
  noindex?: boolean;
}

const NAV: { href: string; label: string }[] = [
  { href: '/', label: 'Trang chủ' },
  { href: '/thu-tuc', label: 'Thủ tục hành chính' },
  { href: '/tra-cuu-ho-so', label: 'Tra cứu hồ sơ' },
  { href: '/don-vi-hanh-chinh', label: 'Đơn vị hành chính' },
  { href: '/lich-nghi', label: 'Lịch nghỉ lễ' },
  { href: '/thong-ke', label: 'Thống kê' },
  { href: '/du-lieu-mo', label: 'Dữ liệu mở' },
];

const SIZE_LABELS: Record<FontSize, [string, string]> = {
  nho: ['A−', 'chữ nhỏ'],
  vua: ['A', 'chữ vừa'],
  lon: ['A+', 'chữ lớn'],
};

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** The whole HTML document of a portal page: skip link, header, navigation, main, footer. */
export function renderLayout(options: LayoutOptions): string {
  const { request, title, main } = options;
  const { config } = request.server;
  const portalName = config.portalName;
  const path = pathOf(request);
  const size = fontSizeOf(request);
  const description =
    options.description ??
    `${portalName}: thông tin đơn vị hành chính, lịch nghỉ lễ và đăng nhập dịch vụ công trực tuyến.`;
  const canonical = `${config.publicUrl}${options.canonicalPath ?? path}`;
  const fullTitle = title === portalName ? portalName : `${title} | ${portalName}`;
  const principal = request.principal;

  const account =
    principal?.kind === 'citizen'
      ? html`<a href="/ho-so-cua-toi" ${isCurrent('/ho-so-cua-toi', path) ? html` aria-current="page"` : ''}
            >Hồ sơ của tôi</a
          ></li
          ><li>
            <a href="/tai-khoan" ${isCurrent('/tai-khoan', path) ? html` aria-current="page"` : ''}>Tài khoản của tôi</a>`
      : principal?.kind === 'staff'
        ? html`<a href="/app/">Phần mềm nghiệp vụ</a>`
        : html`<a href="/dang-nhap" ${isCurrent('/dang-nhap', path) ? html` aria-current="page"` : ''}>Đăng nhập</a>`;

  const sizeLinks = FONT_SIZES.map((s) => {
    const [text, name] = SIZE_LABELS[s];
    const href = `/co-chu?size=${s}&back=${encodeURIComponent(request.url)}`;
    return html`<li>
      <a class="text-size__link" href="${href}" rel="nofollow" ${s === size ? html` aria-current="true"` : ''}
        >${text}<span class="visually-hidden"> (${name})</span></a
      >
    </li>`;
  });

  const crumbs = options.breadcrumbs?.length
    ? html`<nav class="breadcrumbs container" aria-label="Vị trí trang">
        <ol>
          <li><a href="/">Trang chủ</a></li>
          ${options.breadcrumbs.map((c, i, all) =>
            c.href && i < all.length - 1
              ? html`<li><a href="${c.href}">${c.label}</a></li>`
              : html`<li><span aria-current="page">${c.label}</span></li>`,
          )}
        </ol>
      </nav>`
    : '';

  return html`<!doctype html>
    <html lang="vi" class="co-chu-${size}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${fullTitle}</title>
        <meta name="description" content="${description}" />
        ${options.noindex ? html`<meta name="robots" content="noindex" />` : ''}
        <link rel="canonical" href="${canonical}" />
        <link rel="stylesheet" href="${assetUrl('portal.css')}" />
        <link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#noi-dung">Bỏ qua đến nội dung chính</a>
        <header class="site-header">
          <div class="container site-header__top">
            <a class="site-header__name" href="/">${portalName}</a>
            <div class="text-size" role="group" aria-labelledby="text-size-label">
              <span id="text-size-label">Cỡ chữ:</span>
              <ul>
                ${sizeLinks}
              </ul>
            </div>
          </div>
          <nav class="site-nav" aria-label="Điều hướng chính">
            <div class="container">
              <ul>
                ${NAV.map((n) => html`<li><a href="${n.href}" ${isCurrent(n.href, path) ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}
                <li class="site-nav__account">${account}</li>
              </ul>
            </div>
          </nav>
        </header>
        ${crumbs}
        <main id="noi-dung" class="container" tabindex="-1">${main}</main>
        <footer class="site-footer">
          <div class="container">
            <p>${portalName}</p>
            <ul class="site-footer__links">
              <li><a href="/du-lieu-mo">Dữ liệu mở</a></li>
              <li><a href="/api/docs">Tài liệu API cho nhà phát triển</a></li>
              <li><a href="/app/">Phần mềm nghiệp vụ (dành cho cán bộ)</a></li>
            </ul>
            <p class="site-footer__note">Vận hành trên Saola — nền tảng chính quyền số mã nguồn mở (AGPL-3.0).</p>
          </div>
        </footer>
      </body>
    </html> `.value;
}

/** Sends a portal page: HTML, UTF-8, not cached by shared caches (it depends on cookies). */
export function sendPage(reply: FastifyReply, document: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .header('vary', 'Cookie')
    .send(document);
}
