import { html, type SafeHtml } from '../portal/html.js';
import type { CorrectionRequestView } from '../privacy/privacy.port.js';
import type { CorrectionField } from '../privacy/privacy.tables.js';
import type { CitizenView } from './citizens.service.js';
import { formatPhone } from './identifier.js';
import { csrfField, describedBy, errorSummary, fieldError, type PageError } from './sign-in.views.js';

export const FIELD_LABELS: Record<CorrectionField, string> = {
  fullName: 'Họ và tên',
  dateOfBirth: 'Ngày sinh',
  address: 'Địa chỉ',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  other: 'Khác',
};

const STATUS_LABELS: Record<CorrectionRequestView['status'], string> = {
  pending: 'Đang chờ xử lý',
  approved: 'Đã chấp thuận',
  rejected: 'Đã từ chối',
};

const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  dateStyle: 'short',
  timeStyle: 'short',
});

export function formatDateTime(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** 1990-05-31 → 31/05/1990 */
function formatDate(ymd: string | null): string {
  if (!ymd) return '';
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

export interface CorrectionForm {
  field: string;
  requestedValue: string;
  reason: string;
}

export interface AccountPurpose {
  code: string;
  title: string;
  mandatory: boolean;
  granted: boolean;
  grantedAt: string | null;
}

const notProvided = html`<span class="hint">Chưa có</span>`;

function row(label: string, value: SafeHtml | string): SafeHtml {
  return html`<div class="summary-list__row">
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

export function accountMain(options: {
  profile: CitizenView;
  identities: { provider: string; linkedAt: string }[];
  oidcName: string;
  oidcIssuer: string | null;
  purposes: AccountPurpose[];
  corrections: CorrectionRequestView[];
  form: CorrectionForm;
  errors: PageError[];
  csrf: string | null;
  notice: string | null;
  /** The "Ảnh giấy tờ tùy thân" section (id-card.views.ts). */
  idCard: SafeHtml;
}): SafeHtml {
  const { profile: p, errors, csrf } = options;
  const providers = options.identities.map((i) => (i.provider === options.oidcIssuer ? options.oidcName : i.provider));
  return html`${errorSummary(errors)}
    ${options.notice ? html`<div class="notice" role="status"><p>${options.notice}</p></div>` : ''}
    <h1>Tài khoản của tôi</h1>

    <h2 id="thong-tin">Thông tin của bạn</h2>
    <dl class="summary-list">
      ${row('Họ và tên', p.fullName ?? notProvided)}
      ${row('Số điện thoại', p.phone ? `${formatPhone(p.phone)}${p.phoneVerified ? ' (đã xác nhận)' : ''}` : notProvided)}
      ${row('Thư điện tử', p.email ? `${p.email}${p.emailVerified ? ' (đã xác nhận)' : ''}` : notProvided)}
      ${row('Ngày sinh', p.dateOfBirth ? formatDate(p.dateOfBirth) : notProvided)}
      ${row('Địa chỉ', p.address ?? notProvided)}
      ${row('Đăng nhập bằng', providers.length ? providers.join(', ') : 'Mã xác nhận gửi qua SMS hoặc thư điện tử')}
    </dl>
    ${
      p.nameSource === 'oidc'
        ? html`<p class="hint">
            Họ tên được lấy từ ${options.oidcName}. Nếu chưa đúng, hãy gửi yêu cầu chỉnh sửa bên dưới.
          </p>`
        : ''
    }
    ${options.idCard}

    <h2 id="dong-y">Sự đồng ý xử lý dữ liệu cá nhân</h2>
    <p>
      Bạn có thể rút lại sự đồng ý cho các mục đích không bắt buộc bất cứ lúc nào.
      <a href="/du-lieu-ca-nhan">Đọc nội dung từng mục đích</a>.
    </p>
    <ul class="consent-list">
      ${options.purposes.map(
        (purpose) =>
          html`<li>
            <strong>${purpose.title}</strong>${purpose.mandatory ? ' (bắt buộc)' : ''}<br />
            ${purpose.granted ? `Đã đồng ý lúc ${formatDateTime(purpose.grantedAt)}.` : 'Chưa đồng ý.'}
            ${
              purpose.mandatory
                ? ''
                : html`<form method="post" action="/tai-khoan/dong-y" class="inline">
                    ${csrfField(csrf)}
                    <input type="hidden" name="purpose" value="${purpose.code}" />
                    <input type="hidden" name="granted" value="${purpose.granted ? '0' : '1'}" />
                    <button type="submit" class="button--secondary">
                      ${purpose.granted ? 'Rút lại sự đồng ý' : 'Đồng ý'}<span class="visually-hidden"
                        >: ${purpose.title}</span
                      >
                    </button>
                  </form>`
            }
          </li>`,
      )}
    </ul>

    <h2 id="tai-ve">Tải về dữ liệu của bạn</h2>
    <p>
      <a href="/api/v1/citizen/me/export" download>Tải về toàn bộ dữ liệu cá nhân của tôi (tệp JSON)</a> — gồm thông tin
      tài khoản, các lần đồng ý, yêu cầu chỉnh sửa, danh sách ảnh giấy tờ đã lưu (không kèm ảnh) và nhật ký truy cập dữ
      liệu nhạy cảm.
    </p>

    <h2 id="chinh-sua">Yêu cầu chỉnh sửa dữ liệu</h2>
    <p>Nếu dữ liệu của bạn chưa đúng, hãy cho chúng tôi biết. Cán bộ phụ trách sẽ xem xét và trả lời trên trang này.</p>
    <form method="post" action="/tai-khoan/yeu-cau-chinh-sua" novalidate>
      ${csrfField(csrf)}
      <div class="form-group">
        <label for="field">Thông tin cần sửa</label>
        ${fieldError(errors, 'field')}
        <select id="field" name="field" ${describedBy(errors, 'field', false)}>
          ${Object.entries(FIELD_LABELS).map(
            ([value, label]) =>
              html`<option value="${value}" ${options.form.field === value ? html`selected` : ''}>${label}</option>`,
          )}
        </select>
      </div>
      <div class="form-group">
        <label for="requestedValue">Thông tin đúng</label>
        <p class="hint" id="requestedValue-hint">Ngày sinh ghi theo dạng năm-tháng-ngày, ví dụ 1990-05-31.</p>
        ${fieldError(errors, 'requestedValue')}
        <input
          type="text"
          id="requestedValue"
          name="requestedValue"
          value="${options.form.requestedValue}"
          maxlength="1000"
          ${describedBy(errors, 'requestedValue', true)}
        />
      </div>
      <div class="form-group">
        <label for="reason">Lý do cần sửa</label>
        ${fieldError(errors, 'reason')}
        <textarea id="reason" name="reason" rows="4" maxlength="2000" ${describedBy(errors, 'reason', false)}>
${options.form.reason}</textarea>
      </div>
      <button type="submit">Gửi yêu cầu</button>
    </form>

    ${
      options.corrections.length
        ? html`<h3>Các yêu cầu đã gửi</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Ngày gửi</th>
                    <th scope="col">Thông tin</th>
                    <th scope="col">Đề nghị sửa thành</th>
                    <th scope="col">Trạng thái</th>
                  </tr>
                </thead>
                <tbody>
                  ${options.corrections.map(
                    (c) =>
                      html`<tr>
                        <td>${formatDateTime(c.createdAt)}</td>
                        <td>${FIELD_LABELS[c.field]}</td>
                        <td>${c.requestedValue}</td>
                        <td>
                          ${STATUS_LABELS[c.status]}${c.decisionNote ? html`<br /><span class="hint">${c.decisionNote}</span>` : ''}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        : ''
    }

    <h2 id="dang-xuat">Đăng xuất</h2>
    <form method="post" action="/dang-xuat">
      ${csrfField(csrf)}
      <button type="submit" class="button--secondary">Đăng xuất</button>
    </form>`;
}

export function signOutMain(csrf: string | null, signedIn: boolean): SafeHtml {
  if (!signedIn) {
    return html`<h1>Bạn đã đăng xuất</h1>
      <p><a href="/dang-nhap">Đăng nhập lại</a> hoặc <a href="/">về trang chủ</a>.</p>`;
  }
  return html`<h1>Đăng xuất</h1>
    <p>Bạn có muốn đăng xuất khỏi tài khoản trên thiết bị này?</p>
    <form method="post" action="/dang-xuat">
      ${csrfField(csrf)}
      <button type="submit">Đăng xuất</button>
    </form>
    <p><a href="/tai-khoan">Quay lại tài khoản</a></p>`;
}
