import { toLocal } from '../calendar/local-time.js';
import { describedBy, errorMessage, errorSummary, type FieldProblem } from '../portal/form-errors.js';
import { html, type SafeHtml } from '../portal/html.js';
import type { AgencyOption, AgencyTree } from './statistics.agencies.js';
import { type ResolvedPeriod, type StatsForm, viDate, YEARS_OFFERED } from './statistics.form.js';
import { LICENCE_NAME, LICENCE_URL } from './statistics.opendata.js';
import type { StatCounts, StatisticsReport } from './statistics.service.js';

/** HTML of the public statistics page /thong-ke and the open-data page /du-lieu-mo (no script). */

const NUMBER = new Intl.NumberFormat('vi-VN');
const PERCENT = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

/** 1.234 (vi-VN grouping). */
export const formatCount = (n: number) => NUMBER.format(n);
/** 66,7% — or "—" when there is nothing to divide by. */
export const formatRate = (r: number | null) => (r === null ? '—' : PERCENT.format(r));

/** "10:05 ngày 15/04/2026" (Asia/Ho_Chi_Minh). */
export function viDateTime(at: Date): string {
  const { day, ms } = toLocal(at);
  const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
  const minutes = Math.floor(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')} ngày ${viDate(iso)}`;
}

export interface StatisticsPageData {
  form: StatsForm;
  trees: AgencyTree[];
  /** The agency shown (chosen, or the default one); null when Saola knows none yet. */
  selected: AgencyOption | null;
  currentYear: number;
  problems: FieldProblem[];
  result: {
    report: StatisticsReport;
    period: ResolvedPeriod;
    generatedAt: Date;
    csvHref: string;
    jsonHref: string;
  } | null;
}

/** The columns of the table, with the plain explanation shown under it. */
const COLUMNS: { head: string; cell: (c: StatCounts) => string; explain: string }[] = [
  {
    head: 'Tiếp nhận',
    cell: (c) => formatCount(c.received),
    explain:
      'Số hồ sơ được tiếp nhận lần đầu trong kỳ, qua mọi kênh. Hồ sơ nộp trực tuyến được tính khi cán bộ một cửa ' +
      'tiếp nhận; hồ sơ chuyển từ cơ quan khác sang không tính là hồ sơ mới.',
  },
  {
    head: 'Trong đó trực tuyến',
    cell: (c) => formatCount(c.receivedOnline),
    explain: 'Số hồ sơ tiếp nhận trong kỳ đã được nộp qua dịch vụ công trực tuyến.',
  },
  {
    head: 'Giải quyết đúng hạn',
    cell: (c) => formatCount(c.resolvedOnTime),
    explain:
      'Số hồ sơ có kết quả trong kỳ, không muộn hơn hạn giải quyết (kể cả thời gian tạm dừng để bổ sung và lần gia ' +
      'hạn nếu có). Gồm cả hồ sơ giải quyết trước hạn.',
  },
  {
    head: 'Giải quyết quá hạn',
    cell: (c) => formatCount(c.resolvedLate),
    explain: 'Số hồ sơ có kết quả trong kỳ nhưng muộn hơn hạn giải quyết.',
  },
  {
    head: 'Tỷ lệ đúng hạn',
    cell: (c) => formatRate(c.onTimeRate),
    explain: 'Giải quyết đúng hạn chia cho tổng số hồ sơ đã giải quyết trong kỳ.',
  },
  {
    head: 'Tỷ lệ trực tuyến',
    cell: (c) => formatRate(c.onlineRate),
    explain: 'Số hồ sơ tiếp nhận trực tuyến chia cho tổng số hồ sơ tiếp nhận trong kỳ.',
  },
  {
    head: 'Hài lòng',
    cell: (c) =>
      c.satisfaction.ratings === 0
        ? '—'
        : `${formatRate(c.satisfaction.satisfiedShare)} (${formatCount(c.satisfaction.ratings)} lượt)`,
    explain:
      'Tỷ lệ lượt đánh giá “hài lòng” hoặc “rất hài lòng” (4 hoặc 5 sao) trên tổng số lượt người dân đánh giá trong ' +
      'kỳ; trong ngoặc là số lượt đánh giá.',
  },
];

function agencySelect(data: StatisticsPageData): SafeHtml {
  const { problems, selected } = data;
  const chosen = selected?.code ?? data.form.agencyCode;
  const opt = (a: AgencyOption, root: boolean) =>
    html`<option value="${a.code}" ${a.code === chosen ? html`selected` : ''}>
      ${root && a.kind === 'ubnd_tinh' ? `${a.name} (toàn tỉnh)` : a.name}
    </option>`;
  const listed = data.trees.some((t) => [t.root, ...t.members].some((a) => a.code === chosen));
  return html`<div class="${problems.some((p) => p.id === 'co-quan') ? 'field field--error' : 'field'}">
    <label for="co-quan">Cơ quan</label>
    <p class="hint" id="co-quan-hint">Số liệu của một cơ quan gồm cả các cơ quan trực thuộc.</p>
    ${errorMessage(problems, 'co-quan')}
    <select id="co-quan" name="co-quan" ${describedBy(problems, 'co-quan', true)}>
      ${!listed && selected ? opt(selected, false) : ''}
      ${data.trees.map(
        (t) =>
          html`<optgroup label="${t.root.name}">${opt(t.root, true)} ${t.members.map((a) => opt(a, false))}</optgroup>`,
      )}
    </select>
  </div>`;
}

function periodFieldset(data: StatisticsPageData): SafeHtml {
  const { form, problems, currentYear } = data;
  const years = Array.from({ length: YEARS_OFFERED }, (_, i) => String(currentYear - i));
  if (form.year && !years.includes(form.year) && /^\d{4}$/.test(form.year)) years.push(form.year);
  const year = form.year || String(currentYear);
  // The radio inside its label: one line with its text (labels are blocks in portal.css).
  const radio = (kind: string, label: string) =>
    html`<label for="ky-${kind}"
      ><input type="radio" id="ky-${kind}" name="ky" value="${kind}" ${form.kind === kind ? html`checked` : ''} />
      ${label}</label
    >`;
  const select = (id: string, label: string, options: [string, string][], value: string) =>
    html`<label for="${id}">${label}</label>${errorMessage(problems, id)}
      <select id="${id}" name="${id}" ${describedBy(problems, id, false)}>
        ${options.map(([v, l]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${l}</option>`)}
      </select>`;
  const date = (id: string, label: string, value: string) =>
    html`<label for="${id}">${label}</label>${errorMessage(problems, id)}
      <input
        type="text"
        id="${id}"
        name="${id}"
        value="${value}"
        maxlength="10"
        autocomplete="off"
        ${describedBy(problems, id, true)}
      />`;
  const bad = (...ids: string[]) => (problems.some((p) => ids.includes(p.id)) ? 'field field--error' : 'field');
  return html`<fieldset class="field" ${describedBy(problems, 'ky-nam', false)}>
    <legend>Kỳ thống kê</legend>
    ${errorMessage(problems, 'ky-nam')}
    <div class="${bad('nam')}">
      ${select(
        'nam',
        'Năm (dùng cho cả năm, quý, tháng)',
        years.map((y) => [y, y]),
        year,
      )}
    </div>
    <div class="field">${radio('nam', 'Cả năm (năm nay: từ 01/01 đến hôm nay)')}</div>
    <div class="${bad('quy')}">
      ${radio('quy', 'Một quý')}
      ${select(
        'quy',
        'Quý',
        [
          ['1', 'Quý I (tháng 1–3)'],
          ['2', 'Quý II (tháng 4–6)'],
          ['3', 'Quý III (tháng 7–9)'],
          ['4', 'Quý IV (tháng 10–12)'],
        ],
        form.quarter,
      )}
    </div>
    <div class="${bad('thang')}">
      ${radio('thang', 'Một tháng')}
      ${select(
        'thang',
        'Tháng',
        Array.from({ length: 12 }, (_, i): [string, string] => [String(i + 1), `Tháng ${i + 1}`]),
        form.month,
      )}
    </div>
    <div class="${bad('tu-ngay', 'den-ngay')}">
      ${radio('khoang', 'Khoảng ngày tự chọn (tối đa 3 năm)')}
      <p class="hint" id="tu-ngay-hint">Nhập ngày/tháng/năm, ví dụ 01/03/${currentYear}</p>
      ${date('tu-ngay', 'Từ ngày', form.from)}
      <p class="hint" id="den-ngay-hint">Ngày cuối cùng được tính; sau hôm nay thì tính đến hôm nay</p>
      ${date('den-ngay', 'Đến ngày', form.to)}
    </div>
  </fieldset>`;
}

function resultTable(result: NonNullable<StatisticsPageData['result']>): SafeHtml {
  const { report, period } = result;
  const span = `từ ${viDate(report.period.from)} đến ${viDate(report.period.to)}`;
  const cells = (c: StatCounts) => COLUMNS.map((col) => html`<td class="num">${col.cell(c)}</td>`);
  return html`<div class="table-wrap">
      <table>
        <caption>
          Tình hình giải quyết hồ sơ thủ tục hành chính — ${report.agency?.name ?? ''} và các cơ quan trực thuộc —
          ${period.label} (${span})
        </caption>
        <thead>
          <tr>
            <th scope="col">Cơ quan</th>
            ${COLUMNS.map((c) => html`<th scope="col" class="num">${c.head}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${report.rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.label}</th>
                ${cells(r)}
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Tổng cộng</th>
            ${cells(report.totals)}
          </tr>
        </tfoot>
      </table>
    </div>
    <p class="hint">Số liệu lập lúc ${viDateTime(result.generatedAt)}. Dấu “—”: chưa có hồ sơ để tính tỷ lệ.</p>`;
}

/** The main content of /thong-ke. */
export function statisticsMain(data: StatisticsPageData, portalName: string): SafeHtml {
  const { problems, result } = data;
  return html`${errorSummary(problems, { focus: true })}
    <h1>Thống kê giải quyết hồ sơ</h1>
    <p class="lead">
      Số hồ sơ thủ tục hành chính mà các cơ quan đã tiếp nhận và giải quyết, tỷ lệ đúng hạn, tỷ lệ nộp trực tuyến và mức
      độ hài lòng của người dân. Chỉ có số liệu tổng hợp, không có thông tin cá nhân.
    </p>
    ${
      data.trees.length === 0 && !data.selected
        ? html`<p class="notice">Chưa có cơ quan nào công bố thủ tục hành chính trên cổng, nên chưa có số liệu.</p>`
        : html`<form method="get" action="/thong-ke" class="lookup" novalidate>
            ${agencySelect(data)} ${periodFieldset(data)}
            <button type="submit">Xem thống kê</button>
          </form>`
    }
    ${
      result
        ? html`<h2 id="ket-qua">Kết quả: ${result.period.label}</h2>
            ${resultTable(result)}
            <h2>Giải thích các cột</h2>
            <dl>
              ${COLUMNS.map(
                (c) =>
                  html`<dt>${c.head}</dt>
                    <dd>${c.explain}</dd>`,
              )}
            </dl>
            <p>
              Hồ sơ giải quyết xong được tính cho cơ quan đang giữ hồ sơ khi có kết quả; hồ sơ nhận được tính cho cơ
              quan tiếp nhận. Ngày giờ theo giờ Việt Nam.
            </p>
            <h2 id="tai-du-lieu">Tải dữ liệu</h2>
            <ul class="link-list" aria-labelledby="tai-du-lieu">
              <li><a href="${result.csvHref}">Tải bảng này dạng CSV</a> (mở được bằng Excel, LibreOffice)</li>
              <li><a href="${result.jsonHref}">Tải bảng này dạng JSON</a> (cho lập trình viên)</li>
            </ul>
            <p>
              Dữ liệu mở theo giấy phép <a href="${LICENCE_URL}" rel="license">${LICENCE_NAME}</a>: được dùng lại tự do,
              kể cả mục đích thương mại, với điều kiện ghi “Nguồn: ${portalName}”.
              <a href="/du-lieu-mo">Các bộ dữ liệu mở khác</a>.
            </p>`
        : ''
    }`;
}

export interface Dataset {
  title: string;
  description: string;
  /** Formats with their download link. */
  downloads: { label: string; href: string }[];
  /** Page of the portal showing the same data, if any. */
  page: { label: string; href: string } | null;
  licence: SafeHtml;
  frequency: string;
}

/** The main content of /du-lieu-mo. */
export function openDataMain(datasets: Dataset[], portalName: string): SafeHtml {
  return html`<h1>Dữ liệu mở</h1>
    <p class="lead">
      Dữ liệu do ${portalName} công bố để mọi người tự do truy cập, tải về và sử dụng lại, không cần đăng nhập. Chỉ gồm
      số liệu tổng hợp và danh mục công khai, không có thông tin cá nhân.
    </p>
    <div class="table-wrap">
      <table>
        <caption>
          Các bộ dữ liệu
        </caption>
        <thead>
          <tr>
            <th scope="col">Bộ dữ liệu</th>
            <th scope="col">Định dạng, tải về</th>
            <th scope="col">Giấy phép</th>
            <th scope="col">Tần suất cập nhật</th>
          </tr>
        </thead>
        <tbody>
          ${datasets.map(
            (d) =>
              html`<tr>
                <th scope="row">
                  ${d.title}
                  <p class="hint">${d.description}</p>
                  ${d.page ? html`<a href="${d.page.href}">${d.page.label}</a>` : ''}
                </th>
                <td>
                  <ul class="link-list">
                    ${d.downloads.map((x) => html`<li><a href="${x.href}">${x.label}</a></li>`)}
                  </ul>
                </td>
                <td>${d.licence}</td>
                <td>${d.frequency}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>Cách dùng lại</h2>
    <p>
      Khi dùng lại dữ liệu thống kê, hãy ghi “Nguồn: ${portalName}” và đường dẫn giấy phép. Tệp CSV dùng bảng mã UTF-8
      (có BOM), phân cách bằng dấu phẩy, dòng đầu là tên cột; tỷ lệ ghi bằng số thập phân có dấu chấm (0.125 nghĩa là
      12,5%). Nếu Excel cài đặt vùng Việt Nam hiển thị cả dòng trong một cột, hãy mở bằng Dữ liệu → Từ Văn bản/CSV.
    </p>
    <p>Giao diện lập trình (API) của các bộ dữ liệu được mô tả tại <a href="/api/docs">tài liệu API</a>.</p>`;
}
