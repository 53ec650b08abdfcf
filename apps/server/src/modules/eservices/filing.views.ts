import type { ProcedureContent } from '../procedures/procedures.repository.js';
import { html, type SafeHtml } from '../portal/html.js';
import { answerText, type FormField, type FormPage, getAt, scalarText } from './eservices.form.js';
import type { Applicant } from './eservices.service.js';
import { ariaFor, csrfInput, type PageProblem, problemAt, problemSummary, when } from './eservices.views.js';

type Data = Record<string, unknown>;
type Component = ProcedureContent['components'][number];

export function startMain(options: { code: string; name: string; csrf: string | null; pages: number }): SafeHtml {
  return html`<span class="caption">Nộp hồ sơ trực tuyến</span>
    <h1>${options.name}</h1>
    <p class="lead">Bạn sẽ:</p>
    <ol>
      <li>chọn cơ quan nhận hồ sơ;</li>
      <li>xác nhận thông tin người nộp (lấy sẵn từ tài khoản của bạn);</li>
      ${options.pages ? html`<li>điền tờ khai điện tử (${options.pages} trang);</li>` : ''}
      <li>tải lên giấy tờ (PDF, JPEG hoặc PNG);</li>
      <li>kiểm tra lại và gửi hồ sơ.</li>
    </ol>
    <p>
      Thông tin được lưu sau mỗi trang; bạn có thể dừng và quay lại trong 30 ngày tại
      <a href="/ho-so-cua-toi">Hồ sơ của tôi</a>.
    </p>
    <form method="post" action="/nop-ho-so/${options.code}" novalidate>
      ${csrfInput(options.csrf)}
      <button type="submit">Bắt đầu</button>
    </form>`;
}

function caption(name: string) {
  return html`<span class="caption">${name}</span>`;
}

export function agencyMain(options: {
  draftId: string;
  procedureName: string;
  agencies: { id: string; name: string }[];
  selected: string | null;
  csrf: string | null;
  problems: PageProblem[];
}): SafeHtml {
  const { problems } = options;
  return html`${problemSummary(problems)} ${caption(options.procedureName)}
    <form method="post" action="/ho-so-nhap/${options.draftId}/co-quan" novalidate>
      ${csrfInput(options.csrf)}
      <div class="form-group">
        <fieldset ${ariaFor(problems, 'co-quan', true)}>
          <legend><h1>Bạn nộp hồ sơ cho cơ quan nào?</h1></legend>
          <p class="hint" id="co-quan-hint">Chọn xã, phường hoặc cơ quan nơi bạn muốn giải quyết hồ sơ.</p>
          ${problemAt(problems, 'co-quan')}
          ${options.agencies.map(
            (a, i) =>
              html`<div class="radio">
                <input
                  type="radio"
                  id="${i === 0 ? 'co-quan' : `co-quan-${i}`}"
                  name="co_quan"
                  value="${a.id}"
                  ${a.id === options.selected ? html`checked` : ''}
                />
                <label for="${i === 0 ? 'co-quan' : `co-quan-${i}`}">${a.name}</label>
              </div>`,
          )}
        </fieldset>
      </div>
      <button type="submit">Tiếp tục</button>
    </form>`;
}

export function applicantMain(options: {
  draftId: string;
  procedureName: string;
  applicant: Applicant;
  csrf: string | null;
  problems: PageProblem[];
}): SafeHtml {
  const { problems, applicant: a } = options;
  const input = (
    id: string,
    name: string,
    label: string,
    value: string,
    type: string,
    hint: string | null,
    auto: string,
  ) =>
    html`<div class="form-group">
      <label for="${id}">${label}</label>
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''} ${problemAt(problems, id)}
      <input
        type="${type}"
        id="${id}"
        name="${name}"
        value="${value}"
        autocomplete="${auto}"
        maxlength="254"
        ${ariaFor(problems, id, hint !== null)}
      />
    </div>`;
  return html`${problemSummary(problems)} ${caption(options.procedureName)}
    <h1>Thông tin người nộp hồ sơ</h1>
    <p>Chúng tôi đã điền sẵn từ tài khoản của bạn. Số điện thoại dùng để tra cứu hồ sơ và nhận thông báo.</p>
    <form method="post" action="/ho-so-nhap/${options.draftId}/nguoi-nop" novalidate>
      ${csrfInput(options.csrf)} ${input('nn-ho-ten', 'ho_ten', 'Họ và tên', a.name, 'text', null, 'name')}
      ${input('nn-dien-thoai', 'dien_thoai', 'Số điện thoại di động', a.phone, 'tel', 'Ví dụ: 0912 345 678', 'tel')}
      ${input('nn-email', 'email', 'Thư điện tử (không bắt buộc)', a.email, 'email', null, 'email')}
      ${input('nn-dia-chi', 'dia_chi', 'Địa chỉ liên hệ (không bắt buộc)', a.address, 'text', null, 'street-address')}
      <button type="submit">Tiếp tục</button>
    </form>`;
}

function fieldInput(f: FormField, value: unknown, problems: PageProblem[]): SafeHtml {
  const hint = f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : '';
  const label = html`${f.label}${f.required ? '' : ' (không bắt buộc)'}`;
  const text = scalarText(value);
  const aria = ariaFor(problems, f.id, f.hint !== null);
  switch (f.kind) {
    case 'enum':
      return html`<div class="form-group">
        <fieldset ${aria}>
          <legend>${label}</legend>
          ${hint} ${problemAt(problems, f.id)}
          ${f.options.map(
            (o, i) =>
              html`<div class="radio">
                <input
                  type="radio"
                  id="${i === 0 ? f.id : `${f.id}-${i}`}"
                  name="${f.name}"
                  value="${o.value}"
                  ${o.value === text ? html`checked` : ''}
                />
                <label for="${i === 0 ? f.id : `${f.id}-${i}`}">${o.label}</label>
              </div>`,
          )}
        </fieldset>
      </div>`;
    case 'boolean':
      return html`<div class="form-group">
        ${problemAt(problems, f.id)}
        <div class="checkbox">
          <input
            type="checkbox"
            id="${f.id}"
            name="${f.name}"
            value="co"
            ${value === true ? html`checked` : ''}
            ${aria}
          />
          <label for="${f.id}">${f.label}</label>
        </div>
        ${hint}
      </div>`;
    case 'textarea':
      return html`<div class="form-group">
        <label for="${f.id}">${label}</label>
        ${hint} ${problemAt(problems, f.id)}
        <textarea id="${f.id}" name="${f.name}" rows="4" ${aria}>${text}</textarea>
      </div>`;
    default: {
      const type = f.kind === 'date' ? 'date' : 'text';
      const numeric =
        f.kind === 'integer' || f.kind === 'number'
          ? html` inputmode="${f.kind === 'integer' ? 'numeric' : 'decimal'}"`
          : '';
      return html`<div class="form-group">
        <label for="${f.id}">${label}</label>
        ${hint} ${problemAt(problems, f.id)}
        <input
          type="${type}"
          id="${f.id}"
          name="${f.name}"
          value="${text}"
          ${numeric}
          ${f.maxLength ? html`maxlength="${f.maxLength}"` : ''}
          ${aria}
        />
      </div>`;
    }
  }
}

export function formPageMain(options: {
  draftId: string;
  procedureName: string;
  page: FormPage;
  index: number;
  total: number;
  data: Data;
  csrf: string | null;
  problems: PageProblem[];
}): SafeHtml {
  const { page, problems } = options;
  return html`${problemSummary(problems)}
    ${caption(`${options.procedureName} — tờ khai, trang ${options.index + 1}/${options.total}`)}
    <h1>${page.title}</h1>
    <form method="post" action="/ho-so-nhap/${options.draftId}/to-khai/${page.key}" novalidate>
      ${csrfInput(options.csrf)} ${page.fields.map((f) => fieldInput(f, getAt(options.data, f.path), problems))}
      <button type="submit">Tiếp tục</button>
    </form>`;
}

const sizeText = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(n / 1024))} KB`;

export function filesMain(options: {
  draftId: string;
  procedureName: string;
  components: Component[];
  uploads: { fileId: string; name: string; size: number; componentIndex: number | null }[];
  csrf: string | null;
  problems: PageProblem[];
  maxMb: number;
}): SafeHtml {
  const { problems, csrf } = options;
  const q = csrf ? `&_csrf=${encodeURIComponent(csrf)}` : '';
  return html`${problemSummary(problems)} ${caption(options.procedureName)}
    <h1>Tải lên giấy tờ</h1>
    <p>
      Mỗi giấy tờ có thể gồm nhiều tệp (ví dụ ảnh chụp từng trang). Chấp nhận PDF, JPEG, PNG; mỗi tệp tối đa
      ${options.maxMb} MB. Định dạng được kiểm tra theo nội dung tệp.
    </p>
    ${options.components.map((c, i) => {
      const mine = options.uploads.filter((u) => u.componentIndex === i);
      const id = `tp-${i}`;
      return html`<section class="component" aria-labelledby="${id}-ten">
        <h2 id="${id}-ten">${c.name}</h2>
        <p>
          ${c.required && !c.condition ? 'Bắt buộc.' : `Không bắt buộc${c.condition ? ` — cần khi: ${c.condition}` : ''}.`}
        </p>
        ${
          mine.length
            ? html`<ul>
                ${mine.map(
                  (u) =>
                    html`<li>
                      ${u.name} (${sizeText(u.size)})
                      <form
                        method="post"
                        action="/ho-so-nhap/${options.draftId}/giay-to/${u.fileId}/xoa"
                        class="inline-form"
                      >
                        ${csrfInput(csrf)}
                        <button type="submit" class="button--secondary">
                          Xóa<span class="visually-hidden"> tệp ${u.name}</span>
                        </button>
                      </form>
                    </li>`,
                )}
              </ul>`
            : ''
        }
        <form
          method="post"
          action="/ho-so-nhap/${options.draftId}/giay-to?thanh-phan=${i}${q}"
          enctype="multipart/form-data"
          novalidate
        >
          <div class="form-group">
            <label for="${id}">Chọn tệp cho giấy tờ này</label>
            ${problemAt(problems, id)}
            <input
              type="file"
              id="${id}"
              name="file"
              accept="application/pdf,image/jpeg,image/png"
              multiple
              ${ariaFor(problems, id, false)}
            />
          </div>
          <button type="submit" class="button--secondary">
            Tải lên<span class="visually-hidden"> cho ${c.name}</span>
          </button>
        </form>
      </section>`;
    })}
    <p><a class="button" href="/ho-so-nhap/${options.draftId}/kiem-tra">Tiếp tục</a></p>`;
}

export function checkMain(options: {
  draftId: string;
  procedureName: string;
  agencyName: string | null;
  applicant: Applicant;
  pages: FormPage[];
  data: Data;
  components: Component[];
  uploads: { name: string; componentIndex: number | null }[];
  csrf: string | null;
  problems: PageProblem[];
}): SafeHtml {
  const base = `/ho-so-nhap/${options.draftId}`;
  const row = (label: string, value: string, href: string, what: string) =>
    html`<tr>
      <th scope="row">${label}</th>
      <td>${value || html`<span class="hint">Chưa có</span>`}</td>
      <td>
        <a href="${href}">Thay đổi<span class="visually-hidden"> ${what}</span></a>
      </td>
    </tr>`;
  const table = (caption: string, rows: SafeHtml[]) =>
    html`<div class="table-wrap">
      <table>
        <caption class="visually-hidden">
          ${caption}
        </caption>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
  const a = options.applicant;
  return html`${problemSummary(options.problems)} ${caption(options.procedureName)}
    <h1>Kiểm tra lại trước khi gửi</h1>
    <h2>Cơ quan nhận hồ sơ</h2>
    ${table('Cơ quan', [row('Cơ quan', options.agencyName ?? '', `${base}/co-quan`, 'cơ quan')])}
    <h2>Người nộp</h2>
    ${table('Người nộp', [
      row('Họ và tên', a.name, `${base}/nguoi-nop#nn-ho-ten`, 'họ và tên'),
      row('Số điện thoại', a.phone, `${base}/nguoi-nop#nn-dien-thoai`, 'số điện thoại'),
      row('Thư điện tử', a.email, `${base}/nguoi-nop#nn-email`, 'thư điện tử'),
      row('Địa chỉ', a.address, `${base}/nguoi-nop#nn-dia-chi`, 'địa chỉ'),
    ])}
    ${options.pages.map(
      (p) =>
        html`<h2>${p.title}</h2>
          ${table(
            p.title,
            p.fields.map((f) =>
              row(f.label, answerText(f, getAt(options.data, f.path)), `${base}/to-khai/${p.key}#${f.id}`, f.label),
            ),
          )}`,
    )}
    <h2>Giấy tờ</h2>
    ${table(
      'Giấy tờ',
      options.components.map((c, i) =>
        row(
          c.name,
          options.uploads
            .filter((u) => u.componentIndex === i)
            .map((u) => u.name)
            .join(', '),
          `${base}/giay-to#tp-${i}`,
          c.name,
        ),
      ),
    )}
    <h2>Gửi hồ sơ</h2>
    <p>Bằng việc gửi hồ sơ, bạn cam đoan thông tin đã khai là đúng sự thật.</p>
    <form method="post" action="${base}/kiem-tra" novalidate>
      ${csrfInput(options.csrf)}
      <button type="submit">Đồng ý và gửi hồ sơ</button>
    </form>`;
}

export function receiptMain(options: {
  code: string | null;
  procedureName: string;
  submittedAt: string | null;
  draftId: string;
}): SafeHtml {
  if (!options.code)
    return html`<h1>Hồ sơ đang được gửi</h1>
      <p>Vui lòng chờ vài giây rồi <a href="/ho-so-nhap/${options.draftId}/da-nop">tải lại trang này</a>.</p>`;
  return html`<div class="panel panel--confirmation">
      <h1>Đã gửi hồ sơ</h1>
      <p>Mã hồ sơ của bạn<br /><strong class="dossier-code">${options.code}</strong></p>
    </div>
    <p>${options.procedureName}${options.submittedAt ? `, gửi lúc ${when(options.submittedAt)}` : ''}.</p>
    <h2>Việc gì xảy ra tiếp theo</h2>
    <p>
      Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ, hoặc hướng dẫn bạn bổ sung, trong vòng 8 giờ làm việc. Khi hồ sơ
      được tiếp nhận, bạn sẽ biết ngày hẹn trả kết quả.
    </p>
    <p>
      Ghi lại mã hồ sơ: bạn (hoặc người thân) có thể <a href="/tra-cuu-ho-so">tra cứu hồ sơ</a> bằng mã này và số điện
      thoại, không cần đăng nhập.
    </p>
    <p><a href="/ho-so-cua-toi/${options.code}">Xem hồ sơ trong Hồ sơ của tôi</a></p>`;
}
