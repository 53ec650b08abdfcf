import { type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CorrectionField = Type.Union(
  ['fullName', 'dateOfBirth', 'address', 'phone', 'email', 'other'].map((f) => Type.Literal(f)),
  { description: 'Trường cần chỉnh sửa' },
);

export const CorrectionRequest = Type.Object({
  id: Type.String({ format: 'uuid' }),
  field: Type.String(),
  currentValue: Nullable(Type.String()),
  requestedValue: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  decisionNote: Nullable(Type.String()),
  resolvedByName: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  applied: Type.Boolean({ description: 'Đã cập nhật vào hồ sơ tài khoản khi chấp thuận' }),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Consent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  purpose: Type.String(),
  purposeText: Type.String(),
  granted: Type.Boolean(),
  grantedAt: Nullable(Type.String({ format: 'date-time' })),
  withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PurposeSchema = Type.Object({
  code: Type.String(),
  title: Type.String(),
  text: Type.String(),
  mandatory: Type.Boolean(),
});

export const SensitiveAccess = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.String(),
  actorName: Nullable(Type.String()),
  itemType: Type.String(),
  itemId: Type.String(),
  purpose: Type.String(),
  agencyId: Nullable(Type.String()),
});
