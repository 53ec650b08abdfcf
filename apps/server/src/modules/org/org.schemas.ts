import { type TSchema, Type } from 'typebox';

/** Request and response schemas of the org module (a response schema is the list of fields that may leave). */

export const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const UnitLevel = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
export const UnitCode = Type.String({
  pattern: '^[0-9]{2}$|^[0-9]{3}$|^[0-9]{5}$',
  description: 'Mã đơn vị hành chính (tỉnh 2, huyện 3, xã 5 chữ số)',
});
const IsoDate = Type.String({ format: 'date' });

export const Unit = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: UnitLevel,
  divisionType: Type.String({
    description: 'Loại đơn vị: tỉnh, thành phố trung ương, quận, huyện, xã, phường, đặc khu…',
  }),
  parentCode: Nullable(Type.String()),
  validFrom: Nullable(
    Type.String({ description: 'Ngày bắt đầu hiệu lực; null = không rõ (danh mục trước 01/7/2025)' }),
  ),
  validTo: Nullable(Type.String({ description: 'Ngày cuối còn hiệu lực; null = đang hiệu lực' })),
});

const Conversion = Type.Object({
  oldCode: Nullable(Type.String()),
  oldName: Type.String(),
  oldDistrictCode: Nullable(Type.String()),
  oldDistrictName: Nullable(Type.String()),
  oldProvinceCode: Nullable(Type.String()),
  oldProvinceName: Nullable(Type.String()),
  newCode: Type.String(),
  newName: Type.String(),
  mergeKind: Type.Union([
    Type.Literal('full'),
    Type.Literal('partial'),
    Type.Literal('unchanged'),
    Type.Literal('renamed'),
    Type.Literal('other'),
  ]),
  note: Type.String({ description: 'Ghi chú gốc của bảng chuyển đổi, ví dụ "Nhập toàn bộ"' }),
});

export const UnitDetail = Type.Intersect([
  Unit,
  Type.Object({
    history: Type.Array(Type.Intersect([Unit, Type.Object({ successorCodes: Type.Array(Type.String()) })])),
    mergedFrom: Type.Array(Conversion),
  }),
]);

export const UnitResolution = Type.Object({
  old: Unit,
  current: Type.Array(Unit),
  conversions: Type.Array(Conversion),
});

export const UnitQuery = Type.Object({
  parentCode: Type.Optional(UnitCode),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  level: Type.Optional(UnitLevel),
  asOf: Type.Optional(IsoDate),
});

export const AgencyKind = Type.Union([
  Type.Literal('ubnd_tinh'),
  Type.Literal('so'),
  Type.Literal('ubnd_xa'),
  Type.Literal('trung_tam_phvhc'),
  Type.Literal('khac'),
]);
export const AgencyCode = Type.String({
  pattern: '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$',
  description: 'Mã định danh điện tử (QĐ 20/2020/QĐ-TTg), ví dụ 000.00.00.H50',
});

export const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: AgencyKind,
  unitCode: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  version: Type.Integer(),
});

export const Department = Type.Object({ id: Type.String(), name: Type.String(), code: Type.String() });

/** Shared, self-referencing schema (registered with app.addSchema). */
export const AGENCY_NODE_ID = 'OrgAgencyNode';
export const AgencyNodeSchema = {
  $id: AGENCY_NODE_ID,
  type: 'object',
  required: ['id', 'code', 'name', 'kind', 'unitCode', 'parentId', 'version', 'departments', 'children'],
  properties: {
    ...Agency.properties,
    departments: Type.Array(Department),
    children: { type: 'array', items: { $ref: `${AGENCY_NODE_ID}#` } },
  },
};

export const AgencyCreate = Type.Object({
  code: AgencyCode,
  name: Type.String({ minLength: 1, maxLength: 300 }),
  kind: AgencyKind,
  unitCode: Type.Optional(Nullable(UnitCode)),
  parentId: Uuid,
});

export const AgencyPatch = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  code: Type.Optional(AgencyCode),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  kind: Type.Optional(AgencyKind),
  unitCode: Type.Optional(Nullable(UnitCode)),
  parentId: Type.Optional(Uuid),
});

export const DepartmentCreate = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9_]{1,40}$', description: 'Mã phòng ban (chữ thường, số, gạch dưới)' }),
  name: Type.String({ minLength: 1, maxLength: 300 }),
});
export const DepartmentCreated = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  code: Type.String(),
  name: Type.String(),
});

export const Position = Type.Object({ code: Type.String(), name: Type.String() });
export const Role = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  permissions: Type.Array(Type.String()),
});

const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('locked')]);
export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  status: UserStatus,
  agencyId: Type.String(),
  agencyName: Type.String(),
  positionCode: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export const UserDetail = Type.Intersect([
  UserSummary,
  Type.Object({
    lockedReason: Nullable(Type.String()),
    lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
    roles: Type.Array(
      Type.Object({
        roleCode: Type.String(),
        roleName: Type.String(),
        agencyId: Type.String(),
        agencyName: Type.String(),
        includeSubordinates: Type.Boolean(),
      }),
    ),
  }),
]);

export const UserQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Tìm theo họ tên hoặc tên đăng nhập, không phân biệt dấu' }),
  ),
  agencyId: Type.Optional(Uuid),
  status: Type.Optional(UserStatus),
});

const Username = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$',
  description: 'Tên đăng nhập: 3–50 ký tự chữ không dấu, số, dấu chấm, gạch; lưu chữ thường',
});
const Email = Type.String({ format: 'email', maxLength: 200 });
const Phone = Type.String({ pattern: '^\\+?[0-9 .-]{8,20}$', description: 'Số điện thoại' });
const PositionCode = Type.String({ pattern: '^[a-z_]{2,40}$' });

export const UserCreate = Type.Object({
  username: Username,
  fullName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  agencyId: Uuid,
  departmentId: Type.Optional(Nullable(Uuid)),
  positionCode: Type.Optional(Nullable(PositionCode)),
  password: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Mật khẩu ban đầu (phải đổi ở lần đăng nhập đầu); bỏ trống để hệ thống tạo mật khẩu tạm',
    }),
  ),
});
export const UserCreated = Type.Object({
  user: UserDetail,
  temporaryPassword: Type.Optional(Type.String({ description: 'Chỉ hiển thị một lần' })),
});

export const UserPatch = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  departmentId: Type.Optional(Nullable(Uuid)),
  positionCode: Type.Optional(Nullable(PositionCode)),
});

export const LockBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const TemporaryPassword = Type.Object({ temporaryPassword: Type.String() });
export const RolesBody = Type.Object({
  assignments: Type.Array(
    Type.Object({
      roleCode: Type.String({ pattern: '^[a-z_]{2,40}$' }),
      agencyId: Uuid,
      includeSubordinates: Type.Boolean({ default: false }),
    }),
    { maxItems: 50 },
  ),
});

export const IdParams = Type.Object({ id: Uuid });
