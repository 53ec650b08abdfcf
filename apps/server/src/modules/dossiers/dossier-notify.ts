import type { FastifyBaseLogger } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { VIETNAM_OFFSET_MS } from '../calendar/local-time.js';
import type { Channel, NotificationsPort } from '../notifications/notifications.port.js';
import type { OrgPort } from '../org/org.port.js';
import type { PrivacyPort } from '../privacy/privacy.port.js';
import type { DossierAction, DossierState, ReturnMethod } from './dossier-states.js';
import type { StoredApplicant } from './dossier-view.js';
import type { DossierRow } from './dossiers.repository.js';

/**
 * Tells the applicant, by e-mail and/or SMS, what happened to their dossier (issue 4 §1 "Notifications").
 *
 * Legal basis: the one-stop desk informs the applicant of the reception and the appointment date, of a
 * supplement request (once, in full), of a refusal with its reason, of the result, and of a late dossier with
 * an apology and a new appointment (Nghị định 118/2025/NĐ-CP, article to confirm; for online dossiers Nghị định
 * 45/2020/NĐ-CP, article to confirm). The texts are the admin-editable templates `dossier.<milestone>`
 * (migrations/0022_dossier_notification_templates.sql).
 *
 * Channels: e-mail when the applicant gave an address, SMS when a phone — both when both. A dossier filed
 * through a citizen account follows that citizen's consents `notifications.email` / `notifications.sms`
 * (privacy module, Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): no consent, no message on that channel. A dossier
 * received at the counter or by post has no account: the applicant wrote the contact on this dossier for the
 * agency to reach them about it, and informing them is the agency's legal duty (processing to perform a legal
 * obligation, Luật 91/2025/QH15, article to confirm), so the message is sent.
 *
 * Two phases because PGlite has one connection: `prepare` reads (agency name, consents) BEFORE the caller opens
 * its transaction; `send` only queues, inside it (`app.notifications.send(..., { trx })`), so the messages exist
 * only if the action commits.
 */

export const MILESTONES = [
  'submitted',
  'received',
  'supplement_requested',
  'refused',
  'rejected',
  'result_ready',
  'returned',
  'extended',
  'stopped',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** The event that may be a milestone: the action, and the state the dossier was in (null when just created). */
export interface DossierEvent {
  action: DossierAction | 'submit_online';
  fromStatus: DossierState | null;
}

/** Details the officer gave with the action. */
export interface EventDetails {
  reason?: string | null;
  note?: string | null;
  returnMethod?: ReturnMethod | null;
  previousDueAt?: Date | null;
}

/** The milestone the applicant hears about, or null for internal steps (forward, approve, transfer…). */
export function milestoneOf(event: DossierEvent): Milestone | null {
  switch (event.action) {
    case 'submit_online':
      return 'submitted';
    case 'receive':
      // A new reception (counter/post: fromStatus null) or an online dossier accepted; not the other agency
      // taking over a transferred dossier (the applicant already has the code and the appointment).
      return event.fromStatus === null || event.fromStatus === 'submitted' ? 'received' : null;
    case 'request_supplement':
      return 'supplement_requested';
    case 'refuse':
      return 'refused';
    case 'reject':
      return 'rejected';
    case 'attach_result':
      return 'result_ready';
    case 'return_result':
      return 'returned';
    case 'extend_deadline':
      return 'extended';
    case 'stop':
      return 'stopped';
    case 'supplement':
    case 'forward':
    case 'return_to_previous_step':
    case 'transfer_to_agency':
    case 'approve':
    case 'withdraw':
      return null;
  }
}

/** "14:30 ngày 05/03/2026" in Asia/Ho_Chi_Minh. */
export function formatLocal(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ngày ` +
    `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`
  );
}

const RETURN_METHOD_TEXT: Record<ReturnMethod, string> = {
  counter: 'nhận tại Bộ phận Một cửa',
  post: 'gửi qua dịch vụ bưu chính',
  online: 'trả trực tuyến',
};

/** SMS are short: a long reason is cut (the full text is in the e-mail and on the lookup page). */
const SMS_REASON_MAX = 120;
function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** How the applicant gets the result, by channel of the dossier (electronic result online, else at the desk). */
function howToGet(row: DossierRow, agencyName: string, channel: Channel): string {
  if (row.channel === 'online')
    return channel === 'email'
      ? `Ông/bà tải kết quả điện tử tại mục "Hồ sơ của tôi" trên Cổng dịch vụ công (kết quả điện tử có giá trị như bản giấy), hoặc nhận tại Bộ phận Một cửa của ${agencyName}.`
      : 'Tải kết quả tại mục Hồ sơ của tôi trên Cổng dịch vụ công.';
  if (row.channel === 'post')
    return channel === 'email'
      ? 'Kết quả sẽ được gửi qua dịch vụ bưu chính đến địa chỉ ông/bà đã đăng ký.'
      : 'Kết quả sẽ được gửi qua bưu chính.';
  return channel === 'email'
    ? `Mời ông/bà mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả đến Bộ phận Một cửa của ${agencyName} để nhận kết quả.`
    : `Mời nhận kết quả tại Bộ phận Một cửa ${agencyName}, mang theo giấy hẹn.`;
}

/** The data of the template `dossier.<milestone>` for one channel (the placeholders listed in migration 0022). */
export function messageData(
  milestone: Milestone,
  row: DossierRow,
  context: { agencyName: string; publicUrl: string; channel: Channel; now: Date },
  details: EventDetails,
): Record<string, string> {
  const applicant = row.applicant as StoredApplicant;
  const { channel, agencyName } = context;
  const reasonOf = () => {
    // "Reason. Note" — each without its own final full stop (the templates go on with ". Chi tiết…").
    const text = [details.reason, details.note]
      .map((t) => (t ?? '').trim().replace(/[.;,\s]+$/, ''))
      .filter((t) => t !== '')
      .join('. ');
    const full = text === '' ? 'không nêu' : text;
    return channel === 'sms' ? shorten(full, SMS_REASON_MAX) : full;
  };
  const when = (d: Date | null | undefined) => (d ? formatLocal(d) : 'chưa xác định');
  const base: Record<string, string> = {
    applicantName: applicant.name,
    code: row.code,
    procedureName: row.procedure_name,
    agencyName,
    lookupUrl: `${context.publicUrl}/tra-cuu-ho-so?ma=${encodeURIComponent(row.code)}`,
  };
  switch (milestone) {
    case 'submitted':
      return { ...base, submittedAt: when(row.submitted_at ?? row.received_at), acceptBy: when(row.accept_by) };
    case 'received':
      return { ...base, receivedAt: when(row.received_at), dueAt: when(row.due_at) };
    case 'supplement_requested':
    case 'refused':
    case 'rejected':
    case 'stopped':
      return { ...base, reason: reasonOf() };
    case 'result_ready':
      return { ...base, howToGet: howToGet(row, agencyName, channel) };
    case 'returned':
      return {
        ...base,
        returnedAt: formatLocal(context.now),
        returnMethod: details.returnMethod ? RETURN_METHOD_TEXT[details.returnMethod] : 'đã nhận',
      };
    case 'extended':
      return { ...base, reason: reasonOf(), previousDueAt: when(details.previousDueAt), newDueAt: when(row.due_at) };
  }
}

export interface DossierNotifierDeps {
  /** Absent (a test app without the module): nothing is sent. */
  notifications: () => NotificationsPort | undefined;
  privacy: () => PrivacyPort | undefined;
  org: () => OrgPort;
  publicUrl: string;
  clock: () => Date;
  log?: FastifyBaseLogger;
}

/** What `prepare` found; `send` queues the messages inside the caller's transaction. */
export interface PreparedNotice {
  milestone: Milestone;
  send(trx: Transaction<DB>, row: DossierRow, details?: EventDetails): Promise<{ channel: Channel; id: string }[]>;
}

export class DossierNotifier {
  constructor(private readonly deps: DossierNotifierDeps) {}

  /**
   * Null when the event is no milestone or notifications are not available. Reads the receiving desk's name
   * (the agency the applicant deals with) and, for a dossier of a citizen account, the channels consented to.
   */
  async prepare(
    event: DossierEvent,
    dossier: { receivingAgencyId: string; applicantCitizenId: string | null; receivingAgencyName?: string },
  ): Promise<PreparedNotice | null> {
    const milestone = milestoneOf(event);
    const notifications = this.deps.notifications();
    if (!milestone || !notifications) return null;
    const agencyName =
      dossier.receivingAgencyName ??
      (await this.deps.org().findAgency(dossier.receivingAgencyId))?.name ??
      'Cơ quan tiếp nhận';
    const allowed: Record<Channel, boolean> = { email: true, sms: true };
    if (dossier.applicantCitizenId) {
      const privacy = this.deps.privacy();
      for (const channel of ['email', 'sms'] as const)
        allowed[channel] = privacy
          ? await privacy.hasConsent(dossier.applicantCitizenId, `notifications.${channel}`)
          : false;
    }
    return {
      milestone,
      send: async (trx, row, details = {}) => {
        const applicant = row.applicant as StoredApplicant;
        const sent: { channel: Channel; id: string }[] = [];
        const targets: [Channel, string | null][] = [
          ['email', applicant.email],
          ['sms', applicant.phone],
        ];
        for (const [channel, to] of targets) {
          if (!to || !allowed[channel]) continue;
          const data = messageData(
            milestone,
            row,
            { agencyName, publicUrl: this.deps.publicUrl, channel, now: this.deps.clock() },
            details,
          );
          try {
            const { id } = await notifications.send({ channel, to, template: `dossier.${milestone}`, data }, { trx });
            sent.push({ channel, id });
          } catch (error) {
            // A contact written wrongly at the counter must not block the dossier: it is checked before any SQL,
            // so the transaction is untouched; the officer sees the contact on the dossier. Other errors are bugs.
            if (error instanceof AppError && error.code === 'invalid_recipient') {
              this.deps.log?.warn({ code: row.code, channel }, 'dossier notification skipped: invalid recipient');
              continue;
            }
            throw error;
          }
        }
        return sent;
      },
    };
  }
}
