import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound, staleVersion, unprocessable, type FieldError } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { CorrectionField } from '../privacy/privacy.tables.js';
import { ACCOUNT_PURPOSE, findPurpose, PURPOSES } from '../privacy/purposes.js';
import type { CitizenSummary, CitizensPort, CorrectableField } from './citizens.port.js';
import type { CitizenRow, CitizensRepository } from './citizens.repository.js';
import { normaliseEmail, normalisePhone } from './identifier.js';

export interface CitizenView {
  id: string;
  fullName: string | null;
  phone: string | null;
  phoneVerified: boolean;
  email: string | null;
  emailVerified: boolean;
  dateOfBirth: string | null;
  address: string | null;
  nameSource: 'self' | 'oidc';
  status: 'unverified' | 'active' | 'locked';
  version: number;
  createdAt: string;
  lastSignInAt: string | null;
}

/** A `date` column comes back as a Date at local midnight (TZ Asia/Ho_Chi_Minh) or as a string. */
export function dateOnly(value: Date | string | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const y = value.getFullYear();
  const m = String(value.getMonth() + 1).padStart(2, '0');
  const d = String(value.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function toCitizenView(r: CitizenRow): CitizenView {
  return {
    id: r.id,
    fullName: r.full_name,
    phone: r.phone,
    phoneVerified: r.phone_verified_at !== null,
    email: r.email,
    emailVerified: r.email_verified_at !== null,
    dateOfBirth: dateOnly(r.date_of_birth),
    address: r.address,
    nameSource: r.name_source,
    status: r.status,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    lastSignInAt: r.last_sign_in_at ? r.last_sign_in_at.toISOString() : null,
  };
}

const NAME_RULE = /^[\p{L}\p{M}' .-]{1,200}$/u;

/** Checks a profile value; returns the normalised value or the field error. */
export function checkProfileValue(
  field: CorrectionField,
  raw: string,
  today: string,
): { value: string } | { error: string } {
  const v = raw.trim().replace(/\s+/g, ' ');
  switch (field) {
    case 'fullName':
      return NAME_RULE.test(v)
        ? { value: v }
        : { error: 'Họ tên chỉ gồm chữ cái, dấu cách, dấu gạch nối; tối đa 200 ký tự.' };
    case 'dateOfBirth': {
      const ok =
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
      if (!ok) return { error: 'Ngày sinh theo dạng năm-tháng-ngày, ví dụ 1990-05-31.' };
      if (v < '1900-01-01' || v > today) return { error: 'Ngày sinh phải sau năm 1900 và không ở tương lai.' };
      return { value: v };
    }
    case 'address':
      return v.length >= 1 && v.length <= 500 ? { value: v } : { error: 'Địa chỉ từ 1 đến 500 ký tự.' };
    case 'phone': {
      const p = normalisePhone(v);
      return p ? { value: p } : { error: 'Số điện thoại di động Việt Nam gồm 10 chữ số, ví dụ 0912 345 678.' };
    }
    case 'email': {
      const e = normaliseEmail(v);
      return e ? { value: e } : { error: 'Địa chỉ thư điện tử không hợp lệ, ví dụ ten@example.com.' };
    }
    case 'other':
      return v.length >= 1 ? { value: v } : { error: 'Hãy nhập nội dung cần sửa.' };
  }
}

function currentValueOf(c: CitizenView, field: CorrectionField): string | null {
  switch (field) {
    case 'fullName':
      return c.fullName;
    case 'dateOfBirth':
      return c.dateOfBirth;
    case 'address':
      return c.address;
    case 'phone':
      return c.phone;
    case 'email':
      return c.email;
    case 'other':
      return null;
  }
}

const COLUMN: Record<CorrectableField, 'full_name' | 'date_of_birth' | 'address'> = {
  fullName: 'full_name',
  dateOfBirth: 'date_of_birth',
  address: 'address',
};

/** The citizen's own account: profile, consents, correction requests, export. */
export class CitizensService implements CitizensPort {
  constructor(
    private readonly app: FastifyInstance,
    private readonly repo: CitizensRepository,
  ) {}

  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(this.app.clock());
  }

  async findCitizen(citizenId: string): Promise<CitizenSummary | null> {
    const r = await this.repo.findById(citizenId);
    return r ? { id: r.id, fullName: r.full_name, status: r.status, phone: r.phone, email: r.email } : null;
  }

  async getProfile(citizenId: string): Promise<CitizenView> {
    const r = await this.repo.findById(citizenId);
    if (!r) throw notFound('Không tìm thấy tài khoản.');
    return toCitizenView(r);
  }

  async listIdentities(citizenId: string) {
    return (await this.repo.listIdentities(citizenId)).map((i) => ({
      provider: i.provider,
      linkedAt: i.created_at.toISOString(),
      lastUsedAt: i.last_used_at ? i.last_used_at.toISOString() : null,
    }));
  }

  /** The citizen edits what they declared themselves; a name from the identity provider needs a correction request. */
  async updateProfile(
    actor: ActorContext,
    citizenId: string,
    input: { version: number; fullName?: string; dateOfBirth?: string | null; address?: string | null },
  ): Promise<CitizenView> {
    const before = await this.getProfile(citizenId);
    const errors: FieldError[] = [];
    const patch: Parameters<CitizensRepository['update']>[2] = {};
    const today = this.today();
    if (input.fullName !== undefined && input.fullName.trim() !== (before.fullName ?? '')) {
      if (before.nameSource === 'oidc') {
        errors.push({
          field: '/fullName',
          message: `Họ tên lấy từ ${this.app.config.oidc.name}; để sửa, hãy gửi yêu cầu chỉnh sửa dữ liệu.`,
        });
      } else {
        const r = checkProfileValue('fullName', input.fullName, today);
        if ('error' in r) errors.push({ field: '/fullName', message: r.error });
        else patch.full_name = r.value;
      }
    }
    for (const [field, column] of [
      ['dateOfBirth', 'date_of_birth'],
      ['address', 'address'],
    ] as const) {
      const raw = input[field];
      if (raw === undefined) continue;
      if (raw === null || raw.trim() === '') {
        patch[column] = null;
        continue;
      }
      const r = checkProfileValue(field, raw, today);
      if ('error' in r) errors.push({ field: `/${field}`, message: r.error });
      else patch[column] = r.value;
    }
    if (errors.length) throw unprocessable('Thông tin chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.', errors);
    const row = await this.repo.update(citizenId, input.version, patch, this.app.clock());
    if (!row) throw staleVersion('Thông tin tài khoản');
    const after = toCitizenView(row);
    await this.app.audit.record(actor, {
      action: 'citizen.update',
      entityType: 'citizen',
      entityId: citizenId,
      agencyId: null,
      before: { fullName: before.fullName, dateOfBirth: before.dateOfBirth, address: before.address },
      after: { fullName: after.fullName, dateOfBirth: after.dateOfBirth, address: after.address },
    });
    return after;
  }

  async applyCorrection(
    actor: ActorContext,
    citizenId: string,
    field: CorrectableField,
    value: string,
    trx: Transaction<DB>,
  ): Promise<{ before: string | null; after: string | null }> {
    const row = await this.repo.findById(citizenId, trx);
    if (!row) throw notFound('Không tìm thấy tài khoản.');
    const r = checkProfileValue(field, value, this.today());
    if ('error' in r)
      throw unprocessable('Giá trị đề nghị sửa không hợp lệ nên không thể cập nhật.', [
        { field: '/requestedValue', message: r.error },
      ]);
    const before = currentValueOf(toCitizenView(row), field);
    const updated = await this.repo.update(citizenId, null, { [COLUMN[field]]: r.value }, this.app.clock(), trx);
    if (!updated) throw notFound('Không tìm thấy tài khoản.');
    const after = currentValueOf(toCitizenView(updated), field);
    await this.app.audit.record(
      actor,
      {
        action: 'citizen.correct',
        entityType: 'citizen',
        entityId: citizenId,
        agencyId: null,
        before: { [field]: before },
        after: { [field]: after },
      },
      trx,
    );
    return { before, after };
  }

  async requestCorrection(
    actor: ActorContext,
    citizenId: string,
    input: { field: CorrectionField; requestedValue: string; reason: string },
  ) {
    const profile = await this.getProfile(citizenId);
    const errors: FieldError[] = [];
    const r = checkProfileValue(input.field, input.requestedValue, this.today());
    if ('error' in r) errors.push({ field: '/requestedValue', message: r.error });
    const reason = input.reason.trim();
    if (!reason) errors.push({ field: '/reason', message: 'Hãy cho biết vì sao cần sửa.' });
    if (errors.length || 'error' in r)
      throw unprocessable('Yêu cầu chỉnh sửa chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.', errors);
    return this.app.privacy.createCorrectionRequest(actor, citizenId, {
      field: input.field,
      currentValue: currentValueOf(profile, input.field),
      requestedValue: r.value,
      reason,
    });
  }

  /** Every purpose with the citizen's current answer, and the full history. */
  async consentOverview(citizenId: string) {
    const history = await this.app.privacy.listConsents(citizenId);
    const purposes = PURPOSES.map((p) => {
      const active = history.find((c) => c.purpose === p.code && c.granted && c.withdrawnAt === null);
      return { ...p, granted: active !== undefined, grantedAt: active?.grantedAt ?? null };
    });
    return { purposes, history };
  }

  async answerConsent(actor: ActorContext, citizenId: string, purpose: string, granted: boolean) {
    const p = findPurpose(purpose);
    if (!p)
      throw unprocessable('Mục đích xử lý dữ liệu không có trong danh sách.', [
        { field: '/purpose', message: 'Mục đích không hợp lệ.' },
      ]);
    if (!granted && p.code === ACCOUNT_PURPOSE) {
      // Luật 91/2025/QH15 lets the data subject withdraw consent; for the account itself that means
      // closing the account, which is handled as a request so that open dossiers are not lost.
      throw conflict(
        'Không thể dùng tài khoản mà không đồng ý mục đích này. Để rút lại, hãy gửi yêu cầu chỉnh sửa (mục "Khác") đề nghị xóa tài khoản.',
        'consent_mandatory',
      );
    }
    if (granted)
      await this.app.privacy.recordConsent(actor, citizenId, {
        purpose: p.code,
        granted: true,
        source: 'account_page',
      });
    else await this.app.privacy.withdrawConsent(actor, citizenId, p.code);
    return this.consentOverview(citizenId);
  }

  /** Everything the platform holds about the citizen, as one JSON document (right of access and portability). */
  async exportData(actor: ActorContext, citizenId: string) {
    const [profile, identities, consents, correctionRequests, sensitiveDataAccess] = await Promise.all([
      this.getProfile(citizenId),
      this.listIdentities(citizenId),
      this.app.privacy.listConsents(citizenId),
      this.app.privacy.listCorrectionRequestsOf(citizenId),
      this.app.privacy.listSensitiveAccessOf(citizenId),
    ]);
    await this.app.audit.record(actor, {
      action: 'citizen.data_export',
      entityType: 'citizen',
      entityId: citizenId,
      agencyId: null,
    });
    return {
      exportedAt: this.app.clock().toISOString(),
      controller: this.app.config.portalName,
      legalBasis: 'Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; Nghị định 356/2025/NĐ-CP',
      profile,
      identities,
      consents,
      correctionRequests,
      sensitiveDataAccess,
    };
  }
}
