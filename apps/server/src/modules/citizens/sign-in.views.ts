import {
  csrfInput,
  describedBy as ariaFor,
  errorMessage,
  errorSummary as summary,
  type FieldProblem,
} from '../portal/form-errors.js';
import { html, type SafeHtml } from '../portal/html.js';
import { findPurpose, PURPOSES } from '../privacy/purposes.js';

/** One error shown the GOV.UK way: listed in the summary at the top (linking to the field) and next to the field. */
export interface PageError {
  /** id of the input the summary links to. */
  field: string;
  message: string;
}

const asProblems = (errors: PageError[]): FieldProblem[] => errors.map((e) => ({ id: e.field, message: e.message }));
export const errorSummary = (errors: PageError[]) => summary(asProblems(errors));
export const fieldError = (errors: PageError[], field: string) => errorMessage(asProblems(errors), field);
/** aria-describedby / aria-invalid for an input with an optional hint. */
export const describedBy = (errors: PageError[], field: string, hint: boolean) =>
  ariaFor(asProblems(errors), field, hint);
export const csrfField = csrfInput;

export interface SignInForm {
  identifier: string;
  consent: boolean;
}

/** Step 1: phone or e-mail, the (never pre-ticked) consent box, and the OIDC alternative. */
export function signInMain(options: {
  form: SignInForm;
  errors: PageError[];
  csrf: string | null;
  portalName: string;
  oidcName: string | null;
  notice: string | null;
}): SafeHtml {
  const { form, errors } = options;
  const account = findPurpose('account');
  return html`${errorSummary(errors)}
    ${options.notice ? html`<div class="notice" role="status"><p>${options.notice}</p></div>` : ''}
    <h1>Đăng nhập</h1>
    <p class="lead">
      Đăng nhập để nộp và theo dõi hồ sơ dịch vụ công. Lần đầu đăng nhập, tài khoản của bạn được tạo tự động.
    </p>
    <form method="post" action="/dang-nhap" novalidate>
      ${csrfField(options.csrf)}
      <div class="form-group">
        <label for="identifier">Số điện thoại di động hoặc địa chỉ thư điện tử</label>
        <p class="hint" id="identifier-hint">
          Chúng tôi sẽ gửi một mã gồm 6 chữ số để xác nhận. Ví dụ: 0912 345 678 hoặc ten@example.com
        </p>
        ${fieldError(errors, 'identifier')}
        <input
          type="text"
          id="identifier"
          name="identifier"
          value="${form.identifier}"
          autocomplete="username"
          spellcheck="false"
          maxlength="254"
          ${describedBy(errors, 'identifier', true)}
        />
      </div>
      <div class="form-group">
        <fieldset>
          <legend>Đồng ý xử lý dữ liệu cá nhân</legend>
          ${fieldError(errors, 'dong-y')}
          <div class="checkbox">
            <input
              type="checkbox"
              id="dong-y"
              name="dong_y"
              value="co"
              ${form.consent ? html`checked` : ''}
              ${describedBy(errors, 'dong-y', true)}
            />
            <label for="dong-y"
              >Tôi đồng ý cho ${options.portalName} xử lý dữ liệu cá nhân của tôi để tạo và sử dụng tài khoản công
              dân.</label
            >
          </div>
          <div class="hint" id="dong-y-hint">
            <details>
              <summary>Dữ liệu nào được xử lý và để làm gì?</summary>
              <p>${account?.text ?? ''}</p>
              <p><a href="/du-lieu-ca-nhan">Đọc đầy đủ thông báo về dữ liệu cá nhân</a></p>
            </details>
          </div>
        </fieldset>
      </div>
      <button type="submit" name="action" value="otp">Gửi mã xác nhận</button>
      ${
        options.oidcName
          ? html`<p>hoặc</p>
              <button type="submit" name="action" value="oidc" class="button--secondary">
                Đăng nhập bằng ${options.oidcName}
              </button>`
          : ''
      }
    </form>`;
}

/** Step 2: the code that was sent. */
export function codeMain(options: {
  code: string;
  errors: PageError[];
  csrf: string | null;
  maskedDestination: string;
  channel: 'sms' | 'email';
  minutes: number;
}): SafeHtml {
  const { errors } = options;
  const where = options.channel === 'sms' ? 'bằng tin nhắn SMS đến số' : 'qua thư điện tử đến địa chỉ';
  return html`${errorSummary(errors)}
    <h1>Nhập mã xác nhận</h1>
    <p>
      Chúng tôi đã gửi mã gồm 6 chữ số ${where} <strong>${options.maskedDestination}</strong>. Mã có hiệu lực trong
      ${options.minutes} phút.
    </p>
    <form method="post" action="/dang-nhap/ma-xac-nhan" novalidate>
      ${csrfField(options.csrf)}
      <div class="form-group">
        <label for="ma">Mã xác nhận</label>
        <p class="hint" id="ma-hint">Ví dụ: 012345</p>
        ${fieldError(errors, 'ma')}
        <input
          type="text"
          id="ma"
          name="ma"
          value="${options.code}"
          inputmode="numeric"
          autocomplete="one-time-code"
          spellcheck="false"
          maxlength="10"
          ${describedBy(errors, 'ma', true)}
        />
      </div>
      <button type="submit">Đăng nhập</button>
    </form>
    <p><a href="/dang-nhap">Chưa nhận được mã? Gửi lại mã hoặc dùng số điện thoại, địa chỉ khác</a></p>`;
}

/** The personal data notice the consent box links to. */
export function noticeMain(portalName: string): SafeHtml {
  return html`<h1>Dữ liệu cá nhân của bạn</h1>
    <p class="lead">
      ${portalName} xử lý dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định 356/2025/NĐ-CP.
      Chúng tôi chỉ xử lý dữ liệu cho các mục đích dưới đây, và chỉ khi bạn đồng ý.
    </p>
    <h2>Mục đích xử lý</h2>
    ${PURPOSES.map(
      (p) =>
        html`<h3 id="${p.code}">${p.title}${p.mandatory ? ' (bắt buộc để có tài khoản)' : ' (không bắt buộc)'}</h3>
          <p>${p.text}</p>`,
    )}
    <h2>Quyền của bạn</h2>
    <ul>
      <li>Xem dữ liệu chúng tôi đang lưu về bạn và tải về toàn bộ dưới dạng tệp JSON.</li>
      <li>Yêu cầu chỉnh sửa dữ liệu không đúng.</li>
      <li>Rút lại sự đồng ý cho các mục đích không bắt buộc bất cứ lúc nào.</li>
      <li>Biết ai đã truy cập dữ liệu nhạy cảm của bạn (như ảnh căn cước) và vì mục đích gì.</li>
    </ul>
    <p>Bạn thực hiện các quyền này tại trang <a href="/tai-khoan">Tài khoản của tôi</a> sau khi đăng nhập.</p>`;
}
