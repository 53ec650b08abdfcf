import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound, unauthorized } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { assertCan } from '../auth/policy.js';
import type { CalendarService, EffectiveOfficeHours, EffectiveYear } from './calendar.service.js';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './calendar.service.js';
import { localIsoDate, toLocal } from './local-time.js';

const TAGS = ['Lịch làm việc'];
const PUBLIC_RATE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'Giờ:phút theo giờ Việt Nam, ví dụ 07:30',
});
const IsoDate = Type.String({ format: 'date', description: 'Ngày YYYY-MM-DD' });
const Year = Type.Integer({ minimum: MIN_CALENDAR_YEAR, maximum: MAX_CALENDAR_YEAR, description: 'Năm dương lịch' });
const DayOffKind = Type.Union([Type.Literal('holiday'), Type.Literal('compensatory'), Type.Literal('bridge')], {
  description: 'holiday: ngày lễ, Tết; compensatory: nghỉ bù; bridge: nghỉ do hoán đổi ngày làm việc',
});
const Origin = Type.Union([Type.Literal('announced'), Type.Literal('derived'), Type.Literal('override')], {
  description:
    'announced: lịch đã công bố đi kèm sản phẩm; derived: tự tính theo Bộ luật Lao động; override: quản trị viên cập nhật',
});
const DayOff = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200 }), kind: DayOffKind });
const MakeUpDay = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200 }) });
const Period = Type.Object({ start: HHMM, end: HHMM });

const DueQuery = Type.Object({
  from: Type.String({
    format: 'date-time',
    description: 'Thời điểm tiếp nhận, ISO 8601 có múi giờ, ví dụ 2026-02-13T10:00:00+07:00',
  }),
  amount: Type.Integer({ minimum: 0, maximum: 3650, description: 'Số ngày/giờ' }),
  unit: Type.Union([Type.Literal('working_days'), Type.Literal('working_hours'), Type.Literal('calendar_days')], {
    description: 'working_days: ngày làm việc; working_hours: giờ làm việc; calendar_days: ngày theo lịch',
  }),
  agencyCode: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'Mã định danh cơ quan (giờ làm việc riêng)' }),
  ),
  cutoff: Type.Optional(HHMM),
});
const DueResult = Type.Object({
  dueAt: Type.String({
    format: 'date-time',
    description: 'Hạn: với ngày làm việc là giờ hết làm việc (17:00) của ngày làm việc thứ N sau ngày tiếp nhận',
  }),
});

const HolidayList = Type.Object({
  year: Type.Integer(),
  origin: Origin,
  source: Type.String({ description: 'Văn bản làm căn cứ' }),
  note: Nullable(Type.String()),
  days: Type.Array(
    Type.Object({
      date: IsoDate,
      name: Type.String(),
      kind: Type.Union([DayOffKind, Type.Literal('workday')], {
        description: 'workday: ngày nghỉ hằng tuần phải làm bù',
      }),
    }),
  ),
});

const YearView = Type.Object({
  year: Type.Integer(),
  origin: Origin,
  source: Type.String(),
  note: Nullable(Type.String()),
  daysOff: Type.Array(DayOff),
  workingDays: Type.Array(MakeUpDay),
  version: Type.Integer({ minimum: 0, description: '0 khi năm chưa được quản trị viên cập nhật' }),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});
const YearBody = Type.Object({
  version: Type.Integer({ minimum: 0, description: 'Phiên bản đã đọc (0 nếu năm chưa được cập nhật lần nào)' }),
  daysOff: Type.Array(
    Type.Object({
      date: IsoDate,
      name: Type.String({ minLength: 1, maxLength: 200 }),
      kind: Type.Optional(DayOffKind),
    }),
    { maxItems: 80 },
  ),
  workingDays: Type.Array(MakeUpDay, { maxItems: 30 }),
  note: Nullable(Type.String({ maxLength: 2000 })),
  source: Type.Optional(
    Nullable(Type.String({ maxLength: 500, description: 'Văn bản làm căn cứ, ví dụ "Thông báo 9441/TB-BNV"' })),
  ),
});

const OfficeHoursView = Type.Object({
  agencyId: Type.String({ format: 'uuid' }),
  periods: Type.Array(Period),
  version: Type.Integer({ minimum: 0, description: '0 khi cơ quan dùng giờ mặc định' }),
  isDefault: Type.Boolean(),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});
const OfficeHoursBody = Type.Object({
  version: Type.Integer({ minimum: 0 }),
  periods: Type.Array(Period, { minItems: 1, maxItems: 6 }),
});
const AgencyParams = Type.Object({ agencyId: Type.String({ format: 'uuid' }) });

/** ISO 8601 with Vietnam's offset, e.g. 2026-02-25T17:00:00+07:00 (easier to read than UTC). */
export function vietnamIso(d: Date): string {
  const { ms } = toLocal(d);
  const hh = String(Math.floor(ms / 3600_000)).padStart(2, '0');
  const mm = String(Math.floor((ms % 3600_000) / 60_000)).padStart(2, '0');
  const ss = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0')}` : '';
  return `${localIsoDate(d)}T${hh}:${mm}:${ss}${frac}+07:00`;
}

const yearView = (y: EffectiveYear) => ({
  year: y.year,
  origin: y.origin,
  source: y.source,
  note: y.note,
  daysOff: y.daysOff,
  workingDays: y.workingDays,
  version: y.version,
  updatedAt: y.updatedAt ? vietnamIso(y.updatedAt) : null,
});
const hoursView = (h: EffectiveOfficeHours) => ({ ...h, updatedAt: h.updatedAt ? vietnamIso(h.updatedAt) : null });

function requireSignedIn(request: FastifyRequest) {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/** Agency id for an agency code (mã định danh điện tử) through the org port. */
async function agencyIdForCode(app: FastifyInstance, code: string): Promise<string | undefined> {
  const agency = await app.org.findAgencyByCode(code);
  if (!agency) throw notFound(`Không tìm thấy cơ quan có mã ${code}.`);
  return agency.id;
}

export const calendarRoutes =
  (service: CalendarService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/calendar/due',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: TAGS,
          summary: 'Tính hạn giải quyết (ngày hẹn trả) theo ngày/giờ làm việc',
          description:
            'Công khai. N ngày làm việc: tính từ ngày làm việc kế tiếp ngày tiếp nhận (BLDS 2015, Điều 147), hạn là giờ hết làm việc ' +
            'của ngày làm việc thứ N. Hồ sơ nhận ngoài giờ, vào ngày nghỉ hoặc sau giờ chốt (cutoff) được tính là nhận vào ngày làm việc kế tiếp.',
          querystring: DueQuery,
          response: { 200: DueResult },
        },
      },
      async (request) => {
        const { from, amount, unit, agencyCode, cutoff } = request.query;
        const agencyId = agencyCode ? await agencyIdForCode(app, agencyCode) : undefined;
        const due = await service.dueAt(new Date(from), amount, unit, { agencyId, cutoff: cutoff ?? null });
        return { dueAt: vietnamIso(due) };
      },
    );

    app.get(
      '/calendar/holidays',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: TAGS,
          summary: 'Ngày nghỉ lễ, Tết và ngày làm bù của một năm',
          description: 'Công khai. Không có tham số year: năm hiện tại.',
          querystring: Type.Object({ year: Type.Optional(Year) }),
          response: { 200: HolidayList },
        },
      },
      async (request) => {
        const year = request.query.year ?? Number(localIsoDate(app.clock()).slice(0, 4));
        return service.holidays(year);
      },
    );

    app.get(
      '/calendar/years/:year',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: TAGS,
          summary: 'Lịch nghỉ của một năm (kèm phiên bản để cập nhật)',
          params: Type.Object({ year: Year }),
          response: { 200: YearView },
        },
      },
      async (request) => yearView(await service.year(request.params.year)),
    );

    app.put(
      '/calendar/years/:year',
      {
        schema: {
          tags: TAGS,
          summary: 'Cập nhật lịch nghỉ của một năm (thay lịch đi kèm sản phẩm)',
          description:
            'Cần quyền calendar.manage. Gửi `version` đã đọc; nếu người khác vừa cập nhật, trả 409 stale_version. ' +
            'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật; mọi ngày phải thuộc năm đang sửa.',
          params: Type.Object({ year: Year }),
          body: YearBody,
          response: { 200: YearView },
        },
      },
      async (request) => {
        // Bộ luật Lao động 2019, Điều 112 khoản 3: the Government fixes the schedule each year; the
        // administrator records it here. The calendar is system-wide: the permission in any agency.
        assertCan(requireSignedIn(request), 'calendar.manage');
        const updated = await service.updateYear(actorOf(request), request.params.year, request.body);
        return yearView(updated);
      },
    );

    app.get(
      '/calendar/office-hours/:agencyId',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: TAGS,
          summary: 'Giờ làm việc của một cơ quan',
          description: 'Công khai. Cơ quan chưa cấu hình dùng giờ mặc định 07:30–11:30, 13:30–17:00 (version 0).',
          params: AgencyParams,
          response: { 200: OfficeHoursView },
        },
      },
      async (request) => {
        const { agencyId } = request.params;
        if (app.hasDecorator('org') && !(await app.org.findAgency(agencyId))) throw notFound('Không tìm thấy cơ quan.');
        return hoursView(await service.officeHours(agencyId));
      },
    );

    app.put(
      '/calendar/office-hours/:agencyId',
      {
        schema: {
          tags: TAGS,
          summary: 'Cập nhật giờ làm việc của một cơ quan',
          description: 'Cần quyền calendar.manage tại cơ quan đó. Gửi `version` đã đọc (0 khi đang dùng giờ mặc định).',
          params: AgencyParams,
          body: OfficeHoursBody,
          response: { 200: OfficeHoursView },
        },
      },
      async (request) => {
        const { agencyId } = request.params;
        assertCan(requireSignedIn(request), 'calendar.manage', agencyId);
        return hoursView(await service.updateOfficeHours(actorOf(request), agencyId, request.body));
      },
    );
  };
