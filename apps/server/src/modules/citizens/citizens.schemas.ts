import { type TSchema, Type } from 'typebox';
import { Consent, CorrectionField, CorrectionRequest, SensitiveAccess } from '../privacy/privacy.schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Citizen = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fullName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Số di động dạng +84xxxxxxxxx' })),
  phoneVerified: Type.Boolean(),
  email: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
  dateOfBirth: Nullable(Type.String({ format: 'date' })),
  address: Nullable(Type.String()),
  nameSource: Type.Union([Type.Literal('self'), Type.Literal('oidc')], {
    description: 'self: tự khai (sửa được); oidc: lấy từ nhà cung cấp định danh (sửa qua yêu cầu chỉnh sửa)',
  }),
  status: Type.Union([Type.Literal('unverified'), Type.Literal('active'), Type.Literal('locked')]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSignInAt: Nullable(Type.String({ format: 'date-time' })),
});

export const Identity = Type.Object({
  provider: Type.String(),
  linkedAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const Me = Type.Intersect([Citizen, Type.Object({ identities: Type.Array(Identity) })]);

export const OtpRequestBody = Type.Object(
  {
    identifier: Type.String({
      minLength: 1,
      maxLength: 254,
      description: 'Số di động (0912345678, +84912345678) hoặc thư điện tử',
    }),
  },
  { additionalProperties: false },
);

export const OtpRequestReply = Type.Object({
  challengeId: Type.String({ format: 'uuid' }),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
  maskedDestination: Type.String({ description: 'Nơi mã được gửi, đã che bớt, ví dụ 0912***678' }),
});

export const ConsentAnswerSchema = Type.Object(
  {
    purpose: Type.String({ maxLength: 64, description: "Mã mục đích, bắt buộc 'account' khi tạo tài khoản" }),
    accepted: Type.Boolean({ description: 'Chỉ true khi công dân chủ động đánh dấu đồng ý' }),
  },
  { additionalProperties: false },
);

export const OtpVerifyBody = Type.Object(
  {
    challengeId: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.String({ minLength: 1, maxLength: 20 }),
    consent: Type.Optional(ConsentAnswerSchema),
  },
  { additionalProperties: false },
);

export const OtpVerifyReply = Type.Object({ status: Type.Literal('ok'), citizen: Citizen });

export const UpdateMeBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    fullName: Type.Optional(Type.String({ maxLength: 200 })),
    dateOfBirth: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const CorrectionBody = Type.Object(
  {
    field: CorrectionField,
    requestedValue: Type.String({ minLength: 1, maxLength: 1000 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const ConsentOverview = Type.Object({
  purposes: Type.Array(
    Type.Object({
      code: Type.String(),
      title: Type.String(),
      text: Type.String(),
      mandatory: Type.Boolean(),
      granted: Type.Boolean(),
      grantedAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
  history: Type.Array(Consent),
});

export const ConsentChangeBody = Type.Object(
  { purpose: Type.String({ maxLength: 64 }), granted: Type.Boolean() },
  { additionalProperties: false },
);

export const IdDocument = Type.Object({
  id: Type.String({ format: 'uuid' }),
  side: Type.Union([Type.Literal('front'), Type.Literal('back')], { description: 'front: mặt trước; back: mặt sau' }),
  contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png'), Type.Literal('application/pdf')], {
    description: 'Định dạng thật của tệp (xác định từ nội dung)',
  }),
  sizeBytes: Type.Integer({ minimum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Export of the citizen's data: the ID-card images' metadata (never their bytes). */
export const IdDocumentExport = Type.Intersect([
  IdDocument,
  Type.Object({ sha256: Type.String({ description: 'SHA-256 của nội dung gốc' }) }),
]);

export const ExportDocument = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  controller: Type.String({ description: 'Bên kiểm soát dữ liệu' }),
  legalBasis: Type.String(),
  profile: Citizen,
  identities: Type.Array(Identity),
  consents: Type.Array(Consent),
  correctionRequests: Type.Array(CorrectionRequest),
  sensitiveDataAccess: Type.Array(SensitiveAccess),
  idDocuments: Type.Array(IdDocumentExport, {
    description: 'Ảnh giấy tờ tùy thân đang lưu (chỉ thông tin mô tả; tải ảnh tại /citizen/me/id-card/{id})',
  }),
});

export { CorrectionRequest };
