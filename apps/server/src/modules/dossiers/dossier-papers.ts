import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, unauthorized, unprocessable } from '../../http/errors.js';
import { assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { CalendarPort } from '../calendar/calendar.port.js';
import { dayOf, fromLocal, localIsoDate } from '../calendar/local-time.js';
import type { OrgPort } from '../org/org.port.js';
import {
  renderMau01,
  renderMau02,
  renderMau03,
  renderMau04,
  renderMau05,
  renderMau06,
  renderSoTheoDoi,
} from '../papers/index.js';
import type { LedgerRow, PaperAgency, PaperApplicant } from '../papers/index.js';
import type { PublishedProcedure } from '../procedures/procedures.port.js';
import { type ControlRow, controlSheet, outcomeOf } from './dossier-control-sheet.js';
import { DossierPapersRepository } from './dossier-papers.repository.js';
import { applicantOf, componentsOf, pausesOf, processingTimeOf } from './dossier-view.js';
import type { DossierRow, EventRow } from './dossiers.repository.js';
import type { DossiersService } from './dossiers.service.js';

export interface DossierPapersDeps {
  org: () => OrgPort;
  calendar: () => CalendarPort;
  clock: () => Date;
  publicUrl: string;
  db: Kysely<DB>;
}

/** Most dossiers one ledger file holds (a longer period is split by the caller). */
export const LEDGER_MAX_ROWS = 20_000;
/** Who signs Mẫu số 04 and 05 for the agency resolving the dossier (the head, or a deputy for them). */
const AGENCY_SIGNER = 'THỦ TRƯỞNG CƠ QUAN';

const lines = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const yearOf = (d: Date) => Number(localIsoDate(d).slice(0, 4));

/** Maps a dossier onto the papers module's inputs (Thông tư 03/2025/TT-VPCP, Phụ lục I). */
export class DossierPapers {
  readonly repo: DossierPapersRepository;
  constructor(
    private readonly service: DossiersService,
    private readonly deps: DossierPapersDeps,
  ) {
    this.repo = new DossierPapersRepository(deps.db);
  }

  private async agency(agencyId: string): Promise<PaperAgency> {
    const org = this.deps.org();
    const agency = await org.findAgency(agencyId);
    let top = agency;
    let parentName: string | undefined;
    for (let i = 0; top?.parentId && i < 10; i++) {
      const parent = await org.findAgency(top.parentId);
      if (i === 0 && parent) parentName = parent.name.toUpperCase();
      top = parent;
    }
    const provinceName = (top?.name ?? '').replace(/^(UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố)\s+/i, '');
    return { name: agency?.name ?? '', parentName, provinceName: provinceName || (top?.name ?? '') };
  }

  private applicant(row: DossierRow): PaperApplicant {
    const a = applicantOf(row);
    return {
      name: a.name,
      idNumber: a.id_number ?? undefined,
      phone: a.phone ?? undefined,
      email: a.email ?? undefined,
      address: a.address ?? undefined,
    };
  }

  /** Full name of the staff member behind an event (the event keeps the username). */
  private async personName(e: Pick<EventRow, 'actor_id' | 'actor_name'>): Promise<string> {
    const staff = e.actor_id ? await this.deps.org().findStaff(e.actor_id) : null;
    return staff?.fullName ?? e.actor_name ?? '';
  }

  /** The last event of one of these actions, or 409 with `missing` (the paper's event has not happened). */
  private lastEvent(events: readonly EventRow[], actions: readonly string[], missing: string): EventRow {
    const event = events.filter((e) => actions.includes(e.action)).pop();
    if (!event) throw conflict(missing, 'paper_not_available');
    return event;
  }

  /** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
  async mau01(principal: Principal | null, code: string): Promise<Buffer> {
    const { row } = await this.service.forPaper(principal, code);
    const time = processingTimeOf(row);
    const events = await this.service.repo.events(row.id);
    // The first reception: the receipt is the one-stop desk's, also after a transfer to another agency.
    const reception = events.find((e) => e.action === 'receive');
    if (!reception) throw conflict('Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.', 'paper_not_available');
    return renderMau01({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(row.receiving_agency_id),
      applicant: this.applicant(row),
      issuedAt: row.received_at,
      officerName: await this.personName(reception),
      components: componentsOf(row)
        .filter((c) => c.received)
        .map((c) => ({ name: c.name, copies: c.copies, form: c.form })),
      processingTime: { amount: time.amount, unit: time.unit === 'working_hours' ? 'working_hours' : 'working_days' },
      receivedAt: row.received_at,
      dueAt: row.original_due_at ?? row.due_at ?? row.received_at,
      resultDelivery: 'Tại Bộ phận Một cửa',
      publicUrl: this.deps.publicUrl,
    });
  }

  /** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the last supplement request). */
  async mau02(principal: Principal | null, code: string): Promise<Buffer> {
    const { row } = await this.service.forPaper(principal, code);
    const events = await this.service.repo.events(row.id);
    const e = this.lastEvent(
      events,
      ['request_supplement'],
      'Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nên chưa có phiếu yêu cầu bổ sung.',
    );
    const requirements = lines(e.note).length > 0 ? lines(e.note) : lines(e.reason);
    return renderMau02({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(row.receiving_agency_id),
      applicant: this.applicant(row),
      issuedAt: e.at,
      officerName: await this.personName(e),
      requirements,
      reason: e.reason ?? '',
      publicUrl: this.deps.publicUrl,
    });
  }

  /** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (refusal at reception or rejection after review). */
  async mau03(principal: Principal | null, code: string): Promise<Buffer> {
    const { row, procedure } = await this.service.forPaper(principal, code);
    const events = await this.service.repo.events(row.id);
    const e = this.lastEvent(
      events,
      ['refuse', 'reject'],
      'Hồ sơ không bị từ chối tiếp nhận hay trả lại nên chưa có phiếu từ chối.',
    );
    return renderMau03({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(e.agency_id ?? row.receiving_agency_id),
      applicant: this.applicant(row),
      issuedAt: e.at,
      officerName: await this.personName(e),
      legalBasis: legalBasisOf(procedure),
      reasons: lines(e.reason),
    });
  }

  /** Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (the one-time extension). */
  async mau04(principal: Principal | null, code: string): Promise<Buffer> {
    const { row } = await this.service.forPaper(principal, code);
    const events = await this.service.repo.events(row.id);
    const e = this.lastEvent(
      events,
      ['extend_deadline'],
      'Hồ sơ chưa được gia hạn nên chưa có văn bản xin lỗi và đề nghị gia hạn.',
    );
    const data = e.data as { newDueAt?: string; previousDueAt?: string | null };
    return renderMau04({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(e.agency_id ?? row.current_agency_id),
      applicant: this.applicant(row),
      issuedAt: e.at,
      officerName: await this.personName(e),
      receivedAt: row.received_at,
      originalDueAt: new Date(data.previousDueAt ?? row.original_due_at ?? row.received_at),
      newDueAt: new Date(data.newDueAt ?? row.due_at ?? row.received_at),
      reasons: lines(e.reason),
      signerTitle: AGENCY_SIGNER,
    });
  }

  /** Mẫu 05: Thông báo dừng giải quyết hồ sơ. */
  async mau05(principal: Principal | null, code: string): Promise<Buffer> {
    const { row } = await this.service.forPaper(principal, code);
    const events = await this.service.repo.events(row.id);
    const e = this.lastEvent(events, ['stop'], 'Hồ sơ chưa bị dừng giải quyết nên chưa có thông báo dừng giải quyết.');
    return renderMau05({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(e.agency_id ?? row.current_agency_id),
      applicant: this.applicant(row),
      issuedAt: e.at,
      officerName: await this.personName(e),
      receivedAt: row.received_at,
      requestedAt: e.at,
      stoppedAt: e.at,
      reasons: lines(e.reason),
      returnOfComponents: 'Hồ sơ đã nộp được trả lại cho Ông/Bà tại Bộ phận Một cửa.',
      signerTitle: AGENCY_SIGNER,
    });
  }

  /** The process control sheet's rows (also Mẫu 06). */
  async controlRows(principal: Principal | null, code: string) {
    const { row, procedure } = await this.service.forPaper(principal, code);
    return { row, ...(await this.rowsOf(row, procedure)) };
  }

  private async rowsOf(row: DossierRow, procedure: PublishedProcedure) {
    const events = await this.service.repo.events(row.id);
    const now = this.deps.clock();
    const org = this.deps.org();
    const people = new Map<string, string>();
    const userIds = new Set<string>();
    const agencyIds = new Set<string>([row.receiving_agency_id, row.current_agency_id]);
    for (const e of events) {
      if (e.actor_id) userIds.add(e.actor_id);
      const d = e.data as Record<string, unknown>;
      if (typeof d.assigneeId === 'string') userIds.add(d.assigneeId);
      if (typeof d.targetAgencyId === 'string') agencyIds.add(d.targetAgencyId);
      if (e.agency_id) agencyIds.add(e.agency_id);
    }
    for (const id of userIds) {
      const s = await org.findStaff(id);
      if (s) people.set(id, s.fullName);
    }
    const agencies = new Map<string, string>();
    for (const id of agencyIds) {
      const a = await org.findAgency(id);
      if (a) agencies.set(id, a.name);
    }
    const extension = events.filter((e) => e.action === 'extend_deadline').pop();
    const newDueAt = (extension?.data as { newDueAt?: string } | undefined)?.newDueAt;
    const last = [row.due_at, now].filter((d): d is Date => d !== null).reduce((a, b) => (a > b ? a : b));
    const cal = await this.deps
      .calendar()
      .workingCalendar(yearOf(row.received_at), yearOf(last) + 1, { agencyId: row.current_agency_id });
    const pauses = pausesOf(row);
    if (row.paused_since) pauses.push({ from: row.paused_since, to: null });
    const rows = controlSheet(cal, {
      events: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        at: e.at,
        actorId: e.actor_id,
        actorName: e.actor_name,
        agencyId: e.agency_id,
        step: e.step,
        note: e.note,
        reason: e.reason,
        data: e.data as Record<string, unknown>,
      })),
      workflow: procedure.workflow,
      receivedAt: row.received_at,
      processingTime: processingTimeOf(row),
      cutoff: row.cutoff,
      pauses,
      extension: extension && newDueAt ? { at: extension.at, newDueAt: new Date(newDueAt) } : null,
      dueAt: row.due_at,
      applicantName: applicantOf(row).name,
      receivingAgencyId: row.receiving_agency_id,
      people,
      agencies,
      now,
    });
    const reception = events.find((e) => e.action === 'receive');
    return { rows, agencies, reception: reception ?? null };
  }

  /** Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (the same rows as the control sheet route). */
  async mau06(principal: Principal | null, code: string): Promise<Buffer> {
    const { row, rows, agencies, reception } = await this.controlRows(principal, code);
    if (!reception || rows.length === 0)
      throw conflict('Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình.', 'paper_not_available');
    const handling = agencies.get(row.current_agency_id) ?? '';
    const others = [...new Set(rows.map((r) => r.toAgencyName).filter((n): n is string => !!n && n !== handling))];
    return renderMau06({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(row.receiving_agency_id),
      applicant: this.applicant(row),
      issuedAt: reception.at,
      officerName: await this.personName(reception),
      handlingUnit: handling,
      coordinatingUnits: others,
      handovers: rows.map((r: ControlRow) => ({
        fromUnit: r.fromAgencyName ?? r.fromName,
        fromPerson: r.fromAgencyName ? r.fromName : undefined,
        toUnit: r.toAgencyName ?? r.toName,
        toPerson: r.toAgencyName ? `${r.stepName}: ${r.toName}` : r.stepName,
        at: r.handedAt,
        outcome: outcomeOf(r),
        note: r.note ?? undefined,
      })),
    });
  }

  /**
   * Mẫu 07: Sổ theo dõi hồ sơ of an agency for the local dates [from, to] (both included), for staff who may read
   * that agency's dossiers.
   */
  async ledger(principal: Principal | null, q: { agencyId: string; from: string; to: string }) {
    if (!principal) throw unauthorized();
    assertCan(principal, 'dossiers.read', q.agencyId);
    if (q.to < q.from)
      throw unprocessable('Khoảng thời gian không hợp lệ.', [
        { field: '/to', message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' },
      ]);
    const from = fromLocal(dayOf(q.from), 0);
    const to = fromLocal(dayOf(q.to) + 1, 0);
    const agency = await this.deps.org().findAgency(q.agencyId);
    const dossiers = await this.repo.ledgerDossiers(q.agencyId, from, to, LEDGER_MAX_ROWS + 1);
    if (dossiers.length > LEDGER_MAX_ROWS)
      throw unprocessable(`Sổ có quá ${LEDGER_MAX_ROWS} hồ sơ. Hãy chọn khoảng thời gian ngắn hơn.`, [
        { field: '/from', message: 'Khoảng thời gian quá dài.' },
      ]);
    const events: EventRow[] = [];
    for (let i = 0; i < dossiers.length; i += 1000)
      events.push(...(await this.repo.ledgerEvents(dossiers.slice(i, i + 1000).map((d) => d.id))));
    const byDossier = new Map<string, EventRow[]>();
    for (const e of events) byDossier.set(e.dossier_id, [...(byDossier.get(e.dossier_id) ?? []), e]);
    const names = new Map<string, string>();
    const nameOf = async (id: string) => {
      if (!names.has(id)) names.set(id, (await this.deps.org().findAgency(id))?.name ?? '');
      return names.get(id) ?? '';
    };
    const rows: LedgerRow[] = [];
    for (const d of dossiers) {
      const es = byDossier.get(d.id) ?? [];
      const first = (action: string) => es.find((e) => e.action === action)?.at;
      const a = applicantOf(d);
      const ending = es.find((e) => ['refuse', 'withdraw', 'reject', 'stop'].includes(e.action));
      rows.push({
        dossierCode: d.code,
        procedureName: d.procedure_name,
        dossierSets: 1,
        applicantName: a.name,
        applicantAddress: a.address ?? undefined,
        applicantPhone: a.phone ?? undefined,
        handlingAgency: await nameOf(d.current_agency_id),
        receivedAt: d.received_at,
        dueAt: d.due_at ?? d.received_at,
        transferredAt: first('transfer_to_agency'),
        resultReceivedAt: first('attach_result'),
        returnedAt: first('return_result'),
        note: ending ? `${LEDGER_ENDINGS[ending.action] ?? ''}${ending.reason ? `: ${ending.reason}` : ''}` : undefined,
      });
    }
    const xlsx = await renderSoTheoDoi(rows, {
      from,
      to,
      agency: agency ? await this.agency(agency.id) : { name: '', provinceName: '' },
    });
    return { xlsx, filename: `so-theo-doi-ho-so-${q.from}-${q.to}.xlsx` };
  }
}

const LEDGER_ENDINGS: Record<string, string> = {
  refuse: 'Từ chối tiếp nhận',
  withdraw: 'Người nộp rút hồ sơ',
  reject: 'Không đủ điều kiện giải quyết',
  stop: 'Dừng giải quyết',
};

/** "Điều 5 Nghị định về chứng thực (23/2015/NĐ-CP); …" from the procedure's legal basis. */
export function legalBasisOf(procedure: Pick<PublishedProcedure, 'legalBasis'>): string {
  const docs = procedure.legalBasis.map((d) =>
    [d.articles, d.title, d.document ? `(${d.document})` : ''].filter((s) => s && s.trim() !== '').join(' '),
  );
  return docs.length > 0 ? docs.join('; ') : 'quy định của pháp luật về thủ tục hành chính này';
}
