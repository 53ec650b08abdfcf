import type { FastifyRequest } from 'fastify';
import type { HolidayList } from '../../calendar/calendar.port.js';
import { html } from '../html.js';
import { renderLayout } from '../layout.js';

export interface HolidayPageData {
  schedule: HolidayList;
  /** Years the page links to as "previous" / "next" (null = no link). */
  previousYear: number | null;
  nextYear: number | null;
}

const KIND_LABELS: Record<Exclude<HolidayList['days'][number]['kind'], 'workday'>, string> = {
  holiday: 'Nghỉ lễ, Tết',
  compensatory: 'Nghỉ bù',
  bridge: 'Nghỉ hoán đổi',
};

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isWeekend = (iso: string) => [0, 6].includes(toDate(iso).getUTCDay());

const dayFormat = new Intl.DateTimeFormat('vi-VN', {
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Thứ Tư, 02/09/2026" — a date (YYYY-MM-DD) in Vietnamese. */
export function formatDay(iso: string): string {
  const text = dayFormat.format(toDate(iso));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dateCell(iso: string) {
  return html`<time datetime="${iso}">${formatDay(iso)}</time>`;
}

/** /lich-nghi?nam=YYYY — the year's days off for civil servants and the make-up working days. */
export function renderHolidays(request: FastifyRequest, data: HolidayPageData): string {
  const { schedule, previousYear, nextYear } = data;
  const { year } = schedule;
  const daysOff = schedule.days.flatMap((d) => (d.kind === 'workday' ? [] : [{ ...d, kind: d.kind }]));
  const workingDays = schedule.days.filter((d) => d.kind === 'workday');
  const weekdaysOff = daysOff.filter((d) => !isWeekend(d.date)).length;
  const main = html` <h1>Lịch nghỉ lễ năm ${year}</h1>
    <p class="lead">
      Ngày nghỉ lễ, Tết của cán bộ, công chức, viên chức cơ quan nhà nước theo Bộ luật Lao động 2019 (Điều 111, 112).
      Thứ Bảy và Chủ nhật là ngày nghỉ hằng tuần. Thời hạn giải quyết hồ sơ chỉ tính ngày làm việc.
    </p>
    ${
      schedule.origin === 'derived'
        ? html`<p class="notice">
            Chưa có thông báo lịch nghỉ chính thức năm ${year}: các ngày dưới đây được tính theo Bộ luật Lao động và có
            thể thay đổi khi Bộ Nội vụ công bố.
          </p>`
        : html`<p>Căn cứ: ${schedule.source}.</p>`
    }
    ${schedule.note ? html`<p class="hint">${schedule.note}</p>` : ''}
    <div class="table-wrap">
      <table>
        <caption>
          Các ngày nghỉ năm ${year} (${weekdaysOff} ngày nghỉ rơi vào ngày làm việc)
        </caption>
        <thead>
          <tr>
            <th scope="col">Ngày</th>
            <th scope="col">Dịp nghỉ</th>
            <th scope="col">Loại</th>
          </tr>
        </thead>
        <tbody>
          ${daysOff.map(
            (d) =>
              html`<tr>
                <td>${dateCell(d.date)}</td>
                <td>${d.name}</td>
                <td>${KIND_LABELS[d.kind]}</td>
              </tr> `,
          )}
        </tbody>
      </table>
    </div>
    ${
      workingDays.length
        ? html`<h2>Ngày làm việc bù</h2>
            <p>Những ngày cuối tuần sau đây là ngày làm việc bình thường:</p>
            <ul>
              ${workingDays.map((d) => html`<li>${dateCell(d.date)}${d.name ? html` — ${d.name}` : ''}</li>`)}
            </ul>`
        : ''
    }
    ${
      previousYear || nextYear
        ? html`<nav aria-label="Năm khác">
            <ul class="link-list">
              ${previousYear ? html`<li><a href="/lich-nghi?nam=${previousYear}">Lịch nghỉ năm ${previousYear}</a></li>` : ''}
              ${nextYear ? html`<li><a href="/lich-nghi?nam=${nextYear}">Lịch nghỉ năm ${nextYear}</a></li>` : ''}
            </ul>
          </nav>`
        : ''
    }`;
  return renderLayout({
    title: `Lịch nghỉ lễ năm ${year}`,
    main,
    request,
    breadcrumbs: [{ label: `Lịch nghỉ lễ năm ${year}` }],
    description: `Các ngày nghỉ lễ, Tết năm ${year} của cán bộ, công chức và ngày làm việc bù.`,
    canonicalPath: `/lich-nghi?nam=${year}`,
  });
}
