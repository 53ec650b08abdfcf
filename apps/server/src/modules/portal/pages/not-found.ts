import type { FastifyRequest } from 'fastify';
import { html } from '../html.js';
import { renderLayout } from '../layout.js';

/** The portal's "page not found" document (any unknown path outside /api/). */
export function renderNotFound(request: FastifyRequest, detail?: string): string {
  const main = html` <h1>Không tìm thấy trang</h1>
    ${detail ? html`<p>${detail}</p>` : html`<p>Địa chỉ bạn nhập không có trên cổng thông tin. Nếu bạn gõ địa chỉ, hãy kiểm tra lại chính tả.</p>`}
    <p>Bạn có thể:</p>
    <ul>
      <li><a href="/">về trang chủ</a>,</li>
      <li><a href="/don-vi-hanh-chinh">tra cứu đơn vị hành chính</a>,</li>
      <li><a href="/lich-nghi">xem lịch nghỉ lễ</a>.</li>
    </ul>`;
  return renderLayout({ title: 'Không tìm thấy trang', main, request, noindex: true });
}
