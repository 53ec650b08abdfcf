import { Type } from 'typebox';

/** Request and response shapes of the auth routes (the response schema is what may leave the server). */
export const TAG = 'Tài khoản và đăng nhập';
export const TOKEN_TAG = 'Khóa API tích hợp';

const GrantView = Type.Object({
  roleCode: Type.String(),
  roleName: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  permissions: Type.Array(Type.String()),
});

export const MeView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  mustChangePassword: Type.Boolean({ description: 'Phải đổi mật khẩu trước khi dùng các chức năng khác' }),
  totpEnabled: Type.Boolean(),
  totpRequired: Type.Boolean({ description: 'Vai trò của người dùng bắt buộc xác thực hai lớp' }),
  permissions: Type.Array(Type.String(), { description: 'Quyền đang có hiệu lực' }),
  grants: Type.Array(GrantView),
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100, description: 'Tên đăng nhập' }),
  password: Type.String({ minLength: 1, maxLength: 200, description: 'Mật khẩu' }),
});

export const LoginResultView = Type.Union([
  Type.Object({ status: Type.Literal('ok'), me: MeView }),
  Type.Object({ status: Type.Literal('totp_required'), challengeId: Type.String() }),
  Type.Object({ status: Type.Literal('totp_setup_required'), challengeId: Type.String() }),
]);

export const LoginTotpBody = Type.Object({
  challengeId: Type.String({ format: 'uuid' }),
  code: Type.String({ minLength: 6, maxLength: 10, description: 'Mã 6 chữ số trên ứng dụng xác thực' }),
});

export const LoginOkView = Type.Object({ status: Type.Literal('ok'), me: MeView });

export const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ minLength: 1, maxLength: 200 }),
});

export const SessionView = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const TotpSetupBody = Type.Object({
  challengeId: Type.Optional(
    Type.String({ format: 'uuid', description: 'Khi đăng nhập lần đầu với vai trò bắt buộc 2 lớp (chưa có phiên)' }),
  ),
});
export const TotpSetupView = Type.Object({
  secret: Type.String({ description: 'Khóa bí mật (base32) để nhập tay nếu không quét được mã QR' }),
  otpauthUrl: Type.String(),
  qrDataUrl: Type.String({ description: 'Ảnh mã QR (data:image/png;base64,…)' }),
});
export const TotpCodeBody = Type.Object({ code: Type.String({ minLength: 6, maxLength: 10 }) });
export const TotpDisableBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) });

export const ApiTokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  agencyId: Type.String(),
  prefix: Type.String({ description: 'Phần đầu của khóa, để nhận ra khóa' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const ApiTokenCreated = Type.Intersect([
  ApiTokenView,
  Type.Object({ token: Type.String({ description: 'Khóa đầy đủ, chỉ hiển thị một lần' }) }),
]);
export const ApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
  agencyId: Type.String({ format: 'uuid' }),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});
