import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError, conflict, notFound, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import { checkUpload, type SniffedMime } from '../files/sniff.js';
import { readAll } from '../files/storage.js';
import type { IdDocumentSide } from './citizens.tables.js';
import type { IdCardRepository, IdDocumentRow } from './id-card.repository.js';

/** Largest accepted image or PDF of an ID card. */
export const ID_CARD_MAX_BYTES = 5 * 1024 * 1024;
/** Images a citizen may keep at once (front and back, plus a few replacements). */
export const ID_CARD_MAX_ACTIVE = 10;
export const ID_CARD_ITEM_TYPE = 'id_card_image';
/** Purpose recorded in the sensitive-data access log when the citizen reads their own image. */
export const OWNER_PURPOSE = 'chu_the_xem';

export const SIDE_LABELS: Record<IdDocumentSide, string> = { front: 'Mặt trước', back: 'Mặt sau' };

export interface IdDocumentView {
  id: string;
  side: IdDocumentSide;
  contentType: SniffedMime;
  sizeBytes: number;
  createdAt: string;
}

export interface IdDocumentExport extends IdDocumentView {
  sha256: string;
}

export interface UploadInput {
  side: string | null;
  file: { filename: string; declaredType: string | null; bytes: Buffer } | null;
}

export interface Download {
  bytes: Buffer;
  contentType: SniffedMime;
  filename: string;
}

export const tooLarge = () =>
  new AppError(
    413,
    'file_too_large',
    `Tệp quá lớn. Ảnh hoặc tệp PDF giấy tờ tùy thân tối đa ${ID_CARD_MAX_BYTES / 1024 / 1024} MB; hãy chụp lại với độ phân giải thấp hơn.`,
  );

const EXTENSIONS: Record<SniffedMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

function view(row: IdDocumentRow): IdDocumentView {
  return {
    id: row.id,
    side: row.side,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at.toISOString(),
  };
}

function isSide(value: string | null): value is IdDocumentSide {
  return value === 'front' || value === 'back';
}

/**
 * Ảnh giấy tờ tùy thân (CCCD) of a citizen. ID-card images are sensitive personal data (Luật Bảo vệ
 * dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP): stored only encrypted (app.files.sensitive),
 * the real type checked from the bytes, every read logged with who and why (app.privacy), every
 * upload and deletion in the audit log.
 */
export class IdCardService {
  constructor(
    private readonly app: FastifyInstance,
    private readonly repo: IdCardRepository,
  ) {}

  async upload(actor: ActorContext, citizenId: string, input: UploadInput): Promise<IdDocumentView> {
    const fields: { field: string; message: string }[] = [];
    if (!isSide(input.side)) fields.push({ field: '/side', message: 'Chọn mặt trước hoặc mặt sau.' });
    const file = input.file;
    if (!file || file.bytes.length === 0) {
      fields.push({ field: '/file', message: 'Chọn tệp ảnh (JPEG, PNG) hoặc PDF của giấy tờ.' });
    } else if (file.bytes.length > ID_CARD_MAX_BYTES) {
      throw tooLarge();
    }
    if (!file || fields.length || !isSide(input.side)) {
      throw unprocessable('Thông tin tải lên chưa đầy đủ.', fields);
    }
    const check = checkUpload({ filename: file.filename, declaredType: file.declaredType, head: file.bytes });
    if (!check.ok) {
      throw unprocessable(check.detail, [{ field: '/file', message: check.detail }], check.code);
    }
    if ((await this.repo.countActive(citizenId)) >= ID_CARD_MAX_ACTIVE) {
      throw conflict(
        `Bạn đã lưu ${ID_CARD_MAX_ACTIVE} ảnh giấy tờ. Hãy xóa ảnh không còn dùng trước khi tải lên ảnh mới.`,
        'too_many_documents',
      );
    }
    const id = randomUUID();
    const storageKey = `citizens/${citizenId}/id-card/${id}`;
    const stored = await this.app.files.sensitive.put(storageKey, file.bytes, { contentType: check.type.mime });
    let row: IdDocumentRow;
    try {
      row = await this.repo.insert({
        id,
        citizenId,
        storageKey,
        contentType: check.type.mime,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        side: input.side,
        at: this.app.clock(),
      });
    } catch (error) {
      await this.app.files.sensitive.delete(storageKey);
      throw error;
    }
    const created = view(row);
    await this.app.audit.record(actor, {
      action: 'citizen.id_card.upload',
      entityType: 'citizen_id_document',
      entityId: id,
      agencyId: null,
      after: { citizenId, side: created.side, contentType: created.contentType, sizeBytes: created.sizeBytes },
    });
    return created;
  }

  async list(citizenId: string): Promise<IdDocumentView[]> {
    return (await this.repo.listActive(citizenId)).map(view);
  }

  /** Metadata for the citizen's data export (never the bytes). */
  async exportList(citizenId: string): Promise<IdDocumentExport[]> {
    return (await this.repo.listActive(citizenId)).map((row) => ({ ...view(row), sha256: row.sha256 }));
  }

  /** The citizen reads their own image: logged as the data subject's own access. */
  readOwn(actor: ActorContext, citizenId: string, id: string): Promise<Download> {
    return this.read(actor, citizenId, id, OWNER_PURPOSE, null);
  }

  /** An officer holding privacy.manage reads a citizen's image, for a stated purpose. */
  readForStaff(
    actor: ActorContext,
    citizenId: string,
    id: string,
    purpose: string | undefined,
    agencyId: string | null,
  ): Promise<Download> {
    const why = (purpose ?? '').trim().replace(/\s+/g, ' ');
    if (why === '') {
      throw unprocessable('Cần ghi rõ mục đích xem ảnh giấy tờ tùy thân.', [
        { field: '/purpose', message: 'Nhập mục đích xem (ví dụ: Kiểm tra hồ sơ số …).' },
      ]);
    }
    if (why.length > 500) {
      throw unprocessable('Mục đích quá dài.', [{ field: '/purpose', message: 'Tối đa 500 ký tự.' }]);
    }
    return this.read(actor, citizenId, id, why, agencyId);
  }

  private async read(
    actor: ActorContext,
    citizenId: string,
    id: string,
    purpose: string,
    agencyId: string | null,
  ): Promise<Download> {
    const row = await this.repo.findActive(citizenId, id);
    if (!row) throw notFound('Không tìm thấy ảnh giấy tờ này.');
    // Logged before any byte leaves the server (Nghị định 356/2025/NĐ-CP: record each processing).
    await this.app.privacy.logSensitiveAccess(actor, {
      citizenId,
      itemType: ID_CARD_ITEM_TYPE,
      itemId: row.id,
      purpose,
      agencyId,
    });
    const bytes = await readAll(await this.app.files.sensitive.get(row.storage_key), ID_CARD_MAX_BYTES);
    const side = row.side === 'front' ? 'mat-truoc' : 'mat-sau';
    return {
      bytes,
      contentType: row.content_type,
      filename: `cccd-${side}-${row.id.slice(0, 8)}.${EXTENSIONS[row.content_type]}`,
    };
  }

  async remove(actor: ActorContext, citizenId: string, id: string): Promise<void> {
    const row = await this.repo.markDeleted(citizenId, id, this.app.clock());
    if (!row) throw notFound('Không tìm thấy ảnh giấy tờ này.');
    // The row stays (when, which side) for the audit trail; the image itself is erased.
    await this.app.files.sensitive.delete(row.storage_key);
    await this.app.audit.record(actor, {
      action: 'citizen.id_card.delete',
      entityType: 'citizen_id_document',
      entityId: row.id,
      agencyId: null,
      before: { citizenId, side: row.side, contentType: row.content_type, sizeBytes: row.size_bytes },
    });
  }
}
