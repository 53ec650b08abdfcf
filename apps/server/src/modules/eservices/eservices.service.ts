import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type FieldError, notFound, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import type { CitizensPort } from '../citizens/citizens.port.js';
import type { OnlineFile } from '../dossiers/dossier-citizen.port.js';
import type { DossiersPort } from '../dossiers/dossiers.port.js';
import type { FilesPort } from '../files/files.port.js';
import { checkUpload } from '../files/sniff.js';
import type { AgencySummary, OrgPort } from '../org/org.port.js';
import type { ProceduresPort, PublishedProcedure } from '../procedures/procedures.port.js';
import { forValidation, formPages, prefill } from './eservices.form.js';
import { type DraftRow, EservicesRepository, type UploadRow } from './eservices.repository.js';

/** Largest file a citizen uploads (a scan or photo of one component): small enough for a slow phone line. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** Files of one filing (all components together). */
export const MAX_FILES_PER_DRAFT = 30;
const DAY = 24 * 60 * 60 * 1000;
/** An unused upload is kept a week; a draft 30 days after its last change. */
const UPLOAD_TTL = 7 * DAY;
const DRAFT_TTL = 30 * DAY;

export const uploadTooLarge = () =>
  new AppError(413, 'file_too_large', `Tệp quá lớn. Mỗi tệp tối đa ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);

export interface EservicesDeps {
  db: Kysely<DB>;
  files: () => FilesPort;
  dossiers: () => DossiersPort;
  procedures: () => ProceduresPort;
  org: () => OrgPort;
  citizens: () => CitizensPort;
  audit: () => AuditPort;
  clock: () => Date;
}

export interface Applicant {
  name: string;
  phone: string;
  email: string;
  address: string;
}

export interface UploadView {
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
  componentIndex: number | null;
}

const viewOf = (u: UploadRow): UploadView => ({
  fileId: u.id,
  name: u.name,
  mediaType: u.media_type,
  size: u.size_bytes,
  componentIndex: u.component_index,
});

/** Keeps the name a person gave the file readable but harmless: no path, no quotes or control characters. */
function cleanName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .split('')
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(-200);
  return base === '' ? 'tep' : base;
}

/** Applicant details a dossier needs, checked (phone is what the lookup without sign-in asks for). */
export function applicantProblems(a: Applicant): FieldError[] {
  const problems: FieldError[] = [];
  if (a.name.trim().length < 2) problems.push({ field: '/applicant/name', message: 'Nhập họ và tên người nộp hồ sơ.' });
  const digits = a.phone.replace(/\D/g, '');
  if (!/^(0|84)\d{9,10}$/.test(digits))
    problems.push({ field: '/applicant/phone', message: 'Nhập số điện thoại di động, ví dụ 0912 345 678.' });
  if (a.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email))
    problems.push({ field: '/applicant/email', message: 'Địa chỉ thư điện tử chưa đúng, ví dụ ten@example.com.' });
  return problems;
}

/**
 * Online public services for a signed-in citizen (issue 4 §1, §3): uploads checked by their real type, drafts kept
 * server-side between pages, and the submission (once per draft; a file is used by one dossier only). Online
 * filing is "toàn trình" or "một phần" (Nghị định 42/2022/NĐ-CP; article to confirm).
 */
export class EservicesService {
  readonly repo: EservicesRepository;
  constructor(private readonly deps: EservicesDeps) {
    this.repo = new EservicesRepository(deps.db);
  }

  async procedure(code: string): Promise<PublishedProcedure> {
    const p = await this.deps.procedures().findPublished(code);
    if (!p) throw notFound(`Không tìm thấy thủ tục hành chính mã ${code} đang được công bố.`);
    return p;
  }

  /** Agencies implementing the procedure, by name. */
  async agenciesOf(p: PublishedProcedure): Promise<AgencySummary[]> {
    const out = await this.deps.org().findAgencies(p.agencyIds);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async upload(
    actor: ActorContext,
    citizenId: string,
    file: { filename: string; declaredType: string | null; bytes: Buffer },
    where: { draftId: string | null; componentIndex: number | null } = { draftId: null, componentIndex: null },
  ): Promise<UploadView> {
    if (file.bytes.length === 0)
      throw unprocessable('Chưa chọn tệp.', [{ field: '/file', message: 'Chọn tệp PDF, JPEG hoặc PNG.' }]);
    if (file.bytes.length > UPLOAD_MAX_BYTES) throw uploadTooLarge();
    const check = checkUpload({ filename: file.filename, declaredType: file.declaredType, head: file.bytes });
    if (!check.ok) throw unprocessable(check.detail, [{ field: '/file', message: check.detail }], check.code);
    if (where.draftId && (await this.repo.countDraftUploads(where.draftId)) >= MAX_FILES_PER_DRAFT)
      throw unprocessable(
        'Hồ sơ đã có đủ số tệp cho phép.',
        [{ field: '/file', message: `Mỗi hồ sơ tối đa ${MAX_FILES_PER_DRAFT} tệp. Hãy xóa tệp không cần trước.` }],
        'too_many_files',
      );
    const id = randomUUID();
    const storageKey = `eservices/${citizenId}/${id}`;
    const storage = this.deps.files().storage;
    const stored = await storage.put(storageKey, file.bytes, { contentType: check.type.mime });
    const now = this.deps.clock();
    let row: UploadRow;
    try {
      row = await this.repo.insertUpload({
        id,
        citizenId,
        draftId: where.draftId,
        componentIndex: where.componentIndex,
        name: cleanName(file.filename),
        mediaType: check.type.mime,
        size: stored.size,
        sha256: stored.sha256,
        storageKey,
        expiresAt: new Date(now.getTime() + UPLOAD_TTL),
        at: now,
      });
    } catch (error) {
      await storage.delete(storageKey);
      throw error;
    }
    await this.deps.audit().record(actor, {
      action: 'eservice.upload',
      entityType: 'eservice_upload',
      entityId: id,
      agencyId: null,
      after: { mediaType: row.media_type, size: row.size_bytes, sha256: row.sha256, draftId: where.draftId },
    });
    return viewOf(row);
  }

  async removeUpload(actor: ActorContext, citizenId: string, id: string): Promise<void> {
    const row = await this.repo.deleteUnused(citizenId, id);
    if (!row) throw notFound('Không tìm thấy tệp này; có thể tệp đã được xóa.');
    await this.deps.files().storage.delete(row.storage_key);
    await this.deps.audit().record(actor, {
      action: 'eservice.upload.delete',
      entityType: 'eservice_upload',
      entityId: id,
      agencyId: null,
      before: { sha256: row.sha256, size: row.size_bytes },
    });
  }

  /** Applicant details from the citizen's profile (not asked again: Nghị định 45/2020/NĐ-CP; article to confirm). */
  async profileApplicant(citizenId: string): Promise<Applicant> {
    const c = await this.deps.citizens().findCitizen(citizenId);
    return {
      name: c?.fullName ?? '',
      phone: c?.phone?.replace(/^\+84/, '0') ?? '',
      email: c?.email ?? '',
      address: '',
    };
  }

  /**
   * Files the dossier: holds the uploads (the citizen's own, unused), submits through the dossiers port and links
   * the files to the dossier. Released again when the submission is refused, so the citizen can correct and retry.
   */
  async file(
    citizenId: string,
    input: {
      procedure: PublishedProcedure;
      agencyId: string;
      applicant: Applicant;
      formData: Record<string, unknown>;
      files: { componentIndex: number; fileId: string }[];
    },
    alsoInTransaction?: (trx: Transaction<DB>, code: string) => Promise<void>,
  ) {
    const { procedure } = input;
    const problems: FieldError[] = applicantProblems(input.applicant);
    input.files.forEach((f, i) => {
      if (!procedure.components[f.componentIndex])
        problems.push({ field: `/files/${i}/componentId`, message: 'Thủ tục không có thành phần hồ sơ này.' });
    });
    if (!procedure.agencyIds.includes(input.agencyId))
      problems.push({ field: '/agencyCode', message: 'Chọn cơ quan thực hiện thủ tục này.' });
    const ids = [...new Set(input.files.map((f) => f.fileId))];
    if (ids.length !== input.files.length)
      problems.push({ field: '/files', message: 'Mỗi tệp chỉ được gắn vào một thành phần hồ sơ.' });
    if (problems.length) throw unprocessable('Hồ sơ nộp trực tuyến chưa hợp lệ.', problems);
    const now = this.deps.clock();
    const held = await this.repo.claim(citizenId, ids, now);
    const byId = new Map(held.map((u) => [u.id, u]));
    const missing = input.files
      .map((f, i) =>
        byId.has(f.fileId)
          ? null
          : { field: `/files/${i}/fileId`, message: 'Không có tệp này, hoặc tệp đã được dùng cho hồ sơ khác.' },
      )
      .filter((x): x is FieldError => x !== null);
    if (missing.length) {
      await this.repo.release(
        held.map((u) => u.id),
        now,
      );
      throw unprocessable('Tệp đính kèm không hợp lệ.', missing);
    }
    const files: OnlineFile[] = input.files.map((f) => {
      const u = byId.get(f.fileId) as UploadRow;
      return {
        fileId: u.id,
        component: procedure.components[f.componentIndex]?.name ?? '',
        name: u.name,
        mediaType: u.media_type as OnlineFile['mediaType'],
        size: u.size_bytes,
        sha256: u.sha256,
        storageKey: u.storage_key,
      };
    });
    const a = input.applicant;
    try {
      const result = await this.deps.dossiers().citizen.fileOnline(
        {
          citizenId,
          procedureCode: procedure.code,
          agencyId: input.agencyId,
          applicant: {
            name: a.name.trim(),
            phone: a.phone.trim(),
            ...(a.email ? { email: a.email.trim() } : {}),
            ...(a.address ? { address: a.address.trim() } : {}),
          },
          formData: input.formData,
          files: [],
        },
        files,
        // Marked used with the dossier: a crash after the commit cannot free them for a second dossier.
        async (trx, dossier) => {
          await this.repo.markUsed(ids, dossier.code, this.deps.clock(), trx);
          await alsoInTransaction?.(trx, dossier.code);
        },
      );
      return result;
    } catch (error) {
      await this.repo.release(ids, this.deps.clock());
      throw error;
    }
  }

  /**
   * Removes what expired and was never filed: uploads not used by any dossier after 7 days, and drafts left
   * 30 days (with their files): personal data is not kept longer than its purpose needs (Luật 91/2025/QH15;
   * article to confirm). Bounded batches; run when a citizen starts a filing, so the work follows the use.
   */
  async purgeExpired(limit = 100): Promise<{ uploads: number; drafts: number }> {
    const now = this.deps.clock();
    const uploads = await this.repo.expiredUploads(now, limit);
    const storage = this.deps.files().storage;
    for (const u of uploads) await storage.delete(u.storage_key);
    await this.repo.deleteUploads(uploads.map((u) => u.id));
    const drafts = await this.repo.deleteExpiredDrafts(now, limit);
    return { uploads: uploads.length, drafts };
  }

  // ---- drafts (the portal's page-by-page filing) ----

  async startDraft(citizenId: string, procedureCode: string): Promise<DraftRow> {
    const procedure = await this.procedure(procedureCode);
    if (procedure.onlineMode === 'truc_tiep')
      throw unprocessable('Thủ tục này chưa nhận hồ sơ trực tuyến.', [
        { field: '/procedureCode', message: 'Thủ tục này chỉ nộp trực tiếp tại Bộ phận Một cửa.' },
      ]);
    await this.purgeExpired();
    const applicant = await this.profileApplicant(citizenId);
    const agencies = procedure.agencyIds;
    const now = this.deps.clock();
    return this.repo.insertDraft({
      citizenId,
      procedureCode: procedure.code,
      agencyId: agencies.length === 1 ? (agencies[0] ?? null) : null,
      applicant: { ...applicant },
      formData: prefill(formPages(procedure.formSchema), {
        fullName: applicant.name || null,
        phone: applicant.phone || null,
        email: applicant.email || null,
      }),
      expiresAt: new Date(now.getTime() + DRAFT_TTL),
      at: now,
    });
  }

  /** The citizen's draft (404 for another citizen's or an expired one). */
  async draft(citizenId: string, id: string): Promise<DraftRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findDraft(citizenId, id) : null;
    if (!row || (row.status === 'open' && row.expires_at < this.deps.clock()))
      throw notFound('Không tìm thấy hồ sơ đang soạn; có thể hồ sơ đã hết hạn lưu.');
    return row;
  }

  async saveDraft(
    draft: DraftRow,
    patch: { agencyId?: string; applicant?: Record<string, unknown>; formData?: Record<string, unknown> },
  ): Promise<DraftRow | null> {
    const now = this.deps.clock();
    return this.repo.updateDraft(draft.id, patch, new Date(now.getTime() + DRAFT_TTL), now);
  }

  /** Form errors of the draft's answers (the same validation as the submission), [] when valid. */
  formProblems(procedure: PublishedProcedure, data: Record<string, unknown>): FieldError[] {
    return this.deps.procedures().validateForm(procedure, forValidation(procedure.formSchema, data));
  }

  /**
   * Submits a draft once. A second submission of the same draft (double click, reload, two tabs) gets the
   * same dossier code, or `null` while the first one is still running.
   */
  async submitDraft(citizenId: string, id: string): Promise<{ code: string } | null> {
    const draft = await this.draft(citizenId, id);
    if (draft.status === 'submitted' && draft.dossier_code) return { code: draft.dossier_code };
    const now = this.deps.clock();
    const held = await this.repo.beginSubmit(draft.id, now);
    if (!held) {
      const again = await this.draft(citizenId, id);
      return again.dossier_code ? { code: again.dossier_code } : null;
    }
    try {
      const procedure = await this.procedure(held.procedure_code);
      const uploads = await this.repo.draftUploads(held.id);
      const formData = forValidation(procedure.formSchema, held.form_data);
      const applicant = held.applicant as Partial<Applicant>;
      const result = await this.file(
        citizenId,
        {
          procedure,
          agencyId: held.agency_id ?? '',
          applicant: {
            name: applicant.name ?? '',
            phone: applicant.phone ?? '',
            email: applicant.email ?? '',
            address: applicant.address ?? '',
          },
          formData,
          files: uploads.map((u) => ({ componentIndex: u.component_index ?? -1, fileId: u.id })),
        },
        // The draft is closed in the dossier's transaction: once the dossier exists, the draft cannot be
        // submitted again, even if this process dies before answering.
        (trx, code) => this.repo.endSubmit(held.id, { code }, this.deps.clock(), trx),
      );
      return { code: result.code };
    } catch (error) {
      await this.repo.endSubmit(held.id, null, this.deps.clock());
      throw error;
    }
  }
}
