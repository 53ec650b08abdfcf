import { html, type SafeHtml } from '../portal/html.js';
import type { PublicProcedureDetail, PublicProcedureItem } from '../procedures/procedures.schemas.js';

const LEVELS: Record<string, string> = { xa: 'Cấp xã', tinh: 'Cấp tỉnh' };
const MODES: Record<string, string> = {
  full: 'Dịch vụ công trực tuyến toàn trình',
  partial: 'Dịch vụ công trực tuyến một phần',
  none: 'Chỉ nộp trực tiếp tại Bộ phận Một cửa',
};
const UNITS: Record<string, string> = {
  working_days: 'ngày làm việc',
  calendar_days: 'ngày',
  working_hours: 'giờ làm việc',
  days: 'ngày',
  hours: 'giờ',
};
const COMPONENT_FORMS: Record<string, string> = {
  ban_chinh: 'Bản chính',
  ban_sao: 'Bản sao',
  ban_chinh_hoac_ban_sao: 'Bản chính hoặc bản sao',
  xuat_trinh: 'Xuất trình',
  thong_tin: 'Chỉ cung cấp thông tin',
};

export function timeText(t: { amount: number; unit: string }): string {
  return t.amount === 0 ? 'Trong ngày' : `${t.amount} ${UNITS[t.unit] ?? t.unit}`;
}

export function feeText(fee: number | null): string {
  if (fee === null) return 'Tùy trường hợp (xem chi tiết)';
  return fee === 0 ? 'Miễn phí' : `${fee.toLocaleString('vi-VN')} đồng`;
}

export interface SearchForm {
  q: string;
  field: string;
  level: string;
  agencyCode: string;
}

export function searchMain(options: {
  form: SearchForm;
  items: PublicProcedureItem[];
  fields: string[];
  agencies: { code: string; name: string }[];
  nextHref: string | null;
}): SafeHtml {
  const { form, items } = options;
  const opt = (value: string, label: string, selected: string) =>
    html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
  return html`<h1>Thủ tục hành chính</h1>
    <p class="lead">Tìm thủ tục, xem giấy tờ cần chuẩn bị, thời hạn, lệ phí và nộp hồ sơ trực tuyến.</p>
    <form method="get" action="/thu-tuc" role="search">
      <div class="form-group">
        <label for="tim">Tên thủ tục</label>
        <p class="hint" id="tim-hint">Gõ có dấu hoặc không dấu, ví dụ: dang ky khai sinh</p>
        <input type="search" id="tim" name="q" value="${form.q}" maxlength="200" aria-describedby="tim-hint" />
      </div>
      <div class="form-group">
        <label for="linh-vuc">Lĩnh vực</label>
        <select id="linh-vuc" name="linh-vuc">
          ${opt('', 'Tất cả lĩnh vực', form.field)} ${options.fields.map((f) => opt(f, f, form.field))}
        </select>
      </div>
      <div class="form-group">
        <label for="cap">Cấp thực hiện</label>
        <select id="cap" name="cap">
          ${opt('', 'Tất cả các cấp', form.level)} ${opt('xa', 'Cấp xã', form.level)}
          ${opt('tinh', 'Cấp tỉnh', form.level)}
        </select>
      </div>
      <div class="form-group">
        <label for="co-quan">Cơ quan thực hiện</label>
        <select id="co-quan" name="co-quan">
          ${opt('', 'Tất cả cơ quan', form.agencyCode)}
          ${options.agencies.map((a) => opt(a.code, a.name, form.agencyCode))}
        </select>
      </div>
      <button type="submit">Tìm kiếm</button>
    </form>
    <h2 id="ket-qua">
      ${items.length === 0 ? 'Không tìm thấy thủ tục phù hợp' : `Kết quả (${items.length}${options.nextHref ? '+' : ''})`}
    </h2>
    ${
      items.length === 0
        ? html`<p>Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.</p>`
        : html`<ul class="cards" aria-labelledby="ket-qua">
            ${items.map(
              (p) =>
                html`<li class="card">
                  <h3><a href="/thu-tuc/${p.code}">${p.name}</a></h3>
                  <p>
                    ${p.field} · ${LEVELS[p.level] ?? p.level} · ${timeText(p.processingTime)} · ${feeText(p.feeVnd)}
                  </p>
                  <p>${MODES[p.onlineMode] ?? ''}</p>
                </li>`,
            )}
          </ul>`
    }
    ${options.nextHref ? html`<p><a href="${options.nextHref}">Xem thêm kết quả</a></p>` : ''}`;
}

export function procedureMain(p: PublicProcedureDetail): SafeHtml {
  const online = p.onlineMode === 'full' || p.onlineMode === 'partial';
  return html`<span class="caption">${p.field} · ${LEVELS[p.level] ?? p.level} · Mã ${p.code}</span>
    <h1>${p.name}</h1>
    <p class="lead">${MODES[p.onlineMode] ?? ''}</p>
    ${
      online && p.agencies.length
        ? html`<p><a class="button" href="/nop-ho-so/${p.code}" role="button">Nộp hồ sơ trực tuyến</a></p>`
        : html`<p>Thủ tục này nộp tại Bộ phận Một cửa của cơ quan thực hiện.</p>`
    }
    <h2>Thời hạn giải quyết</h2>
    <p>${timeText(p.processingTime)}</p>
    <h2>Lệ phí, phí</h2>
    <p>${feeText(p.feeVnd)}</p>
    <h2>Thành phần hồ sơ</h2>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Giấy tờ</th>
            <th scope="col">Hình thức</th>
            <th scope="col">Bắt buộc</th>
          </tr>
        </thead>
        <tbody>
          ${p.components.map(
            (c) =>
              html`<tr>
                <td>${c.name}${c.condition ? html`<br /><span class="hint">Khi: ${c.condition}</span>` : ''}</td>
                <td>
                  ${COMPONENT_FORMS[c.form] ?? c.form}${c.originals ? `, ${c.originals} bản chính` : ''}${c.copies ? `, ${c.copies} bản sao` : ''}
                </td>
                <td>${c.required && !c.condition ? 'Có' : 'Tùy trường hợp'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>Nơi nộp hồ sơ</h2>
    ${
      p.agencies.length
        ? html`<ul>
            ${p.agencies.map((a) => html`<li>${a.name}</li>`)}
          </ul>`
        : html`<p>Chưa có cơ quan thực hiện trên cổng này.</p>`
    }
    <h2>Căn cứ pháp lý</h2>
    <ul>
      ${p.legalBasis.map((l) => html`<li>${l.document}: ${l.title}${l.articles ? ` (${l.articles})` : ''}</li>`)}
    </ul>`;
}
