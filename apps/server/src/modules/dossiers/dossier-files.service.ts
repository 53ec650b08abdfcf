import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, type FieldError, forbidden, notFound, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../auth/principal.js';
import type { FilesPort } from '../files/files.port.js';
import { checkUpload } from '../files/sniff.js';
import { readAll } from '../files/storage.js';
import type { OrgPort } from '../org/org.port.js';
import { type DossierState, STATE_INFO } from './dossier-states.js';
import { actorOfPrincipal } from './dossier-view.js';
import { type DossierFileRow, DossierFilesRepository } from './dossier-files.repository.js';
import type { DossierRow } from './dossiers.repository.js';
import type { DossiersService } from './dossiers.service.js';

/** Largest file of a dossier (a scanned component or a result). */
export const DOSSIER_FILE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * The signing port engineer S builds in modules/signing (decorated as `app.signing`): PAdES signatures with the
 * agency's certificate. Declared here as the contract this module relies on; resolved at request time.
 */
export interface SigningLike {
  signPdf(
    pdf: Buffer,
    opts: { agencyId: string; signerName: string; reason: string; location?: string },
  ): Promise<Buffer>;
  verifyPdf(pdf: Buffer): Promise<{ valid: boolean; signers: string[] }>;
}

export interface DossierFilesDeps {
  db: Kysely<DB>;
  dossiers: DossiersService;
  files: () => FilesPort;
  signing: () => SigningLike | undefined;
  audit: () => AuditPort;
  org: () => OrgPort;
  clock: () => Date;
}

export interface UploadForm {
  kind: string | null;
  component: string | null;
  sign: string | null;
  file: { filename: string; declaredType: string | null; bytes: Buffer } | null;
}

export interface DossierFileView {
  id: string;
  kind: 'component' | 'result';
  component: string | null;
  name: string;
  mediaType: string;
  size: number;
  resultCode: string | null;
  signed: boolean;
  uploadedByName: string | null;
  createdAt: string;
}

export const fileTooLarge = () =>
  new AppError(413, 'file_too_large', `Tệp quá lớn. Mỗi tệp tối đa ${DOSSIER_FILE_MAX_BYTES / 1024 / 1024} MB.`);

function view(r: DossierFileRow): DossierFileView {
  return {
    id: r.id,
    kind: r.kind,
    component: r.component,
    name: r.name,
    mediaType: r.media_type,
    size: r.size_bytes,
    resultCode: r.result_code,
    signed: r.signed,
    uploadedByName: r.uploaded_by_name,
    createdAt: r.created_at.toISOString(),
  };
}

/** Keeps the name a person gave the file readable but harmless in a header: no path, no quotes or controls. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .split('')
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(-200);
  return cleaned === '' ? 'tep' : cleaned;
}

/**
 * Files of a dossier: components scanned or uploaded at the counter, and electronic results. An electronic
 * result has the legal value of the paper one, is signed by the competent agency and is coded
 * `<mã hồ sơ>-KQ<n>` (Nghị định 45/2020/NĐ-CP, Điều 14 khoản 3 — wording confirmed through a secondary source,
 * thukyluat.vn; the decree's own text was not read here).
 */
export class DossierFilesService {
  readonly repo: DossierFilesRepository;
  constructor(private readonly deps: DossierFilesDeps) {
    this.repo = new DossierFilesRepository(deps.db);
  }

  /**
   * Who may add a file now (403 otherwise; 409 when the dossier's state no longer allows it):
   * - components: the one-stop officer (can_bo_mot_cua) of the receiving or current agency, while the dossier is
   *   not finished;
   * - results: while the dossier is being processed (received), an officer of the current agency holding the
   *   current workflow step's role, or its leader (lanh_dao);
   * - signing a result: the leader (lanh_dao) of the current agency only.
   */
  private authorize(principal: Principal | null, row: DossierRow, kind: 'component' | 'result', sign: boolean) {
    const who = actorOfPrincipal(principal);
    const roles = who?.kind === 'staff' ? who.roles : [];
    const state = row.status as DossierState;
    if (kind === 'component') {
      const desk = roles.some(
        (r) =>
          r.role === 'can_bo_mot_cua' &&
          (r.agencyId === row.receiving_agency_id || r.agencyId === row.current_agency_id),
      );
      if (!desk) throw forbidden('Chỉ cán bộ Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ được thêm thành phần hồ sơ.');
      if (STATE_INFO[state].terminal)
        throw conflict('Hồ sơ đã kết thúc; không thể thêm thành phần hồ sơ.', 'dossier_finished');
      return;
    }
    const leader = roles.some((r) => r.role === 'lanh_dao' && r.agencyId === row.current_agency_id);
    const stepHolder =
      row.step_role !== null && roles.some((r) => r.role === row.step_role && r.agencyId === row.current_agency_id);
    if (!leader && !stepHolder)
      throw forbidden('Chỉ cán bộ đang xử lý bước hiện tại hoặc lãnh đạo cơ quan giải quyết được tải lên kết quả.');
    if (sign && !leader) throw forbidden('Chỉ lãnh đạo cơ quan giải quyết được ký số kết quả.');
    if (state !== 'received')
      throw conflict('Chỉ tải lên kết quả khi hồ sơ đang được giải quyết.', 'dossier_not_processing');
  }

  async upload(principal: Principal | null, actor: ActorContext, code: string, form: UploadForm) {
    const { row } = await this.deps.dossiers.forPaper(principal, code);
    const fields: FieldError[] = [];
    const kind = form.kind === 'component' || form.kind === 'result' ? form.kind : null;
    if (!kind) fields.push({ field: '/kind', message: 'Chọn loại tệp: thành phần hồ sơ hoặc kết quả giải quyết.' });
    const component = form.component?.trim() ?? '';
    if (kind === 'component' && (component === '' || component.length > 500))
      fields.push({ field: '/component', message: 'Chọn thành phần hồ sơ của tệp (tối đa 500 ký tự).' });
    const signText = form.sign?.trim().toLowerCase() ?? 'false';
    if (!['true', 'false', ''].includes(signText))
      fields.push({ field: '/sign', message: 'Giá trị ký số phải là true hoặc false.' });
    const sign = signText === 'true';
    if (sign && kind !== 'result') fields.push({ field: '/sign', message: 'Chỉ ký số tệp kết quả giải quyết.' });
    const file = form.file;
    if (!file || file.bytes.length === 0) fields.push({ field: '/file', message: 'Chọn tệp PDF, JPEG hoặc PNG.' });
    // Who may add this kind of file is checked before the form's details: a caller without the right learns nothing.
    if (kind) this.authorize(principal, row, kind, sign);
    if (!kind || fields.length > 0 || !file) throw unprocessable('Thông tin tải lên chưa đầy đủ.', fields);
    if (file.bytes.length > DOSSIER_FILE_MAX_BYTES) throw fileTooLarge();

    const check = checkUpload({ filename: file.filename, declaredType: file.declaredType, head: file.bytes });
    if (!check.ok) throw unprocessable(check.detail, [{ field: '/file', message: check.detail }], check.code);
    if (sign && check.type.mime !== 'application/pdf')
      throw unprocessable('Chỉ ký số được tệp PDF.', [
        { field: '/file', message: 'Kết quả cần ký số phải là tệp PDF.' },
      ]);

    let bytes = file.bytes;
    if (sign) {
      const signing = this.deps.signing();
      if (!signing) throw new AppError(503, 'signing_unavailable', 'Chức năng ký số chưa sẵn sàng. Hãy thử lại sau.');
      const staff = principal?.kind === 'staff' ? await this.deps.org().findStaff(principal.userId) : null;
      bytes = await signing.signPdf(bytes, {
        agencyId: row.current_agency_id,
        signerName: staff?.fullName ?? actor.actorName ?? '',
        reason: `Kết quả giải quyết hồ sơ ${row.code}`,
      });
    }

    const id = randomUUID();
    const storageKey = `dossiers/${row.id}/${id}`;
    const storage = this.deps.files().storage;
    const stored = await storage.put(storageKey, bytes, { contentType: check.type.mime });
    const now = this.deps.clock();
    let created: DossierFileRow;
    try {
      created = await this.repo.insert({
        id,
        dossierId: row.id,
        dossierCode: row.code,
        kind,
        component: kind === 'component' ? component : null,
        name: cleanFileName(file.filename),
        mediaType: check.type.mime,
        size: stored.size,
        sha256: stored.sha256,
        storageKey,
        signed: sign,
        uploadedBy: actor.actorId,
        uploadedByName: actor.actorName,
        at: now,
      });
    } catch (error) {
      await storage.delete(storageKey);
      throw error;
    }
    await this.deps.audit().record(actor, {
      action: kind === 'result' ? 'dossier.result_file.upload' : 'dossier.component_file.upload',
      entityType: 'dossier_file',
      entityId: id,
      agencyId: row.current_agency_id,
      after: {
        dossierCode: row.code,
        kind,
        component: created.component,
        resultCode: created.result_code,
        mediaType: created.media_type,
        size: created.size_bytes,
        sha256: created.sha256,
        signed: created.signed,
      },
    });
    return view(created);
  }

  async list(principal: Principal | null, code: string): Promise<DossierFileView[]> {
    const { row } = await this.deps.dossiers.forPaper(principal, code);
    return (await this.repo.list(row.id)).map(view);
  }

  async read(principal: Principal | null, code: string, fileId: string) {
    const { row } = await this.deps.dossiers.forPaper(principal, code);
    const file = await this.repo.find(row.id, fileId);
    if (!file) throw notFound('Không tìm thấy tệp của hồ sơ.');
    const bytes = await readAll(await this.deps.files().storage.get(file.storage_key), DOSSIER_FILE_MAX_BYTES * 2);
    return { bytes, mediaType: file.media_type, name: file.name };
  }

  /**
   * For the attach_result action: every id must be a result file of THIS dossier (a file of another dossier,
   * a component or an unknown id is refused).
   */
  async resultFileProblems(dossierId: string, ids: readonly string[]): Promise<FieldError[]> {
    const found = await this.repo.resultIds(dossierId, ids);
    return ids.flatMap((id, i) =>
      found.has(id) ? [] : [{ field: `/resultFileIds/${i}`, message: 'Tệp này không phải tệp kết quả của hồ sơ.' }],
    );
  }
}
