import type { FastifyRequest } from 'fastify';
import { html } from '../html.js';
import { renderLayout } from '../layout.js';

export interface HomeData {
  /** Current year in Asia/Ho_Chi_Minh (for the holiday calendar link). */
  year: number;
}

/** The portal's home page: what a citizen, an officer or a developer can do here today. */
export function renderHome(request: FastifyRequest, data: HomeData): string {
  const { config } = request.server;
  const signInWays = config.oidc.issuer
    ? `bằng số điện thoại hoặc thư điện tử (nhận mã dùng một lần), hoặc bằng tài khoản ${config.oidc.name}`
    : 'bằng số điện thoại hoặc thư điện tử, nhận mã dùng một lần';
  const citizen = request.principal?.kind === 'citizen';
  const main = html` <h1>${config.portalName}</h1>
    <p class="lead">
      Cổng thông tin phục vụ người dân, doanh nghiệp và cán bộ: tra cứu đơn vị hành chính, xem lịch nghỉ lễ và đăng nhập
      để sử dụng dịch vụ công trực tuyến.
    </p>
    <h2 id="nguoi-dan">Dành cho người dân, doanh nghiệp</h2>
    <ul class="cards" aria-labelledby="nguoi-dan">
      <li class="card">
        ${
          citizen
            ? html`<h3><a href="/tai-khoan">Tài khoản của tôi</a></h3>
                <p>Xem thông tin tài khoản và dữ liệu cá nhân của bạn.</p>`
            : html`<h3><a href="/dang-nhap">Đăng nhập</a></h3>
                <p>Đăng nhập ${signInWays}.</p>`
        }
      </li>
      <li class="card">
        <h3><a href="/don-vi-hanh-chinh">Đơn vị hành chính</a></h3>
        <p>
          Danh sách 34 tỉnh, thành phố và các xã, phường, đặc khu từ ngày 01/7/2025; tra cứu mã xã cũ trước sắp xếp.
        </p>
      </li>
      <li class="card">
        <h3><a href="/lich-nghi?nam=${data.year}">Lịch nghỉ lễ năm ${data.year}</a></h3>
        <p>Các ngày nghỉ lễ, Tết của cán bộ, công chức và những ngày làm bù — căn cứ tính thời hạn giải quyết hồ sơ.</p>
      </li>
    </ul>
    <h2 id="can-bo">Dành cho cán bộ và nhà phát triển</h2>
    <ul class="cards" aria-labelledby="can-bo">
      <li class="card">
        <h3><a href="/app/">Phần mềm nghiệp vụ</a></h3>
        <p>
          Cán bộ, công chức đăng nhập bằng tài khoản được cấp (có xác thực hai lớp) để quản trị đơn vị, người dùng và
          nhật ký.
        </p>
      </li>
      <li class="card">
        <h3><a href="/api/docs">Tài liệu API</a></h3>
        <p>Giao diện lập trình (OpenAPI 3.1) để kết nối các hệ thống khác với nền tảng.</p>
      </li>
    </ul>`;
  return renderLayout({ title: config.portalName, main, request, canonicalPath: '/' });
}
