import type { Me } from '../api/types';

/** Permission codes the back office looks at (apps/server/src/modules/auth/permissions.ts). */
export type Permission =
  | 'org.read'
  | 'org.manage'
  | 'users.read'
  | 'users.manage'
  | 'roles.assign'
  | 'audit.read'
  | 'audit.verify'
  | 'calendar.manage'
  | 'tokens.manage'
  | 'notifications.manage'
  | 'privacy.manage'
  | 'dashboard.view'
  | 'procedures.read'
  | 'procedures.manage'
  | 'dossiers.read'
  | 'statistics.read'
  | 'queue.serve'
  | 'queue.manage';

/** True when the user holds the permission in at least one agency (the server checks the agency). */
export function can(me: Pick<Me, 'permissions'> | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** Agencies where the user holds the permission through one of their grants. */
export function agenciesWith(me: Me, permission: Permission): string[] {
  return me.grants.filter((g) => g.permissions.includes(permission)).map((g) => g.agencyId);
}

/** Vietnamese names of the permissions (same texts as the server's PERMISSIONS). */
export const PERMISSION_LABELS: Record<Permission, string> = {
  'org.read': 'Xem cơ cấu tổ chức',
  'org.manage': 'Quản lý đơn vị, cơ quan, phòng ban, chức vụ',
  'users.read': 'Xem danh sách người dùng',
  'users.manage': 'Tạo, khóa, mở khóa người dùng, đặt lại mật khẩu',
  'roles.assign': 'Phân quyền cho người dùng',
  'audit.read': 'Xem nhật ký hệ thống',
  'audit.verify': 'Kiểm tra tính toàn vẹn nhật ký',
  'calendar.manage': 'Cấu hình lịch làm việc, ngày nghỉ',
  'tokens.manage': 'Quản lý khóa API tích hợp',
  'notifications.manage': 'Quản lý mẫu thông báo, xem hàng đợi gửi',
  'privacy.manage': 'Xử lý yêu cầu về dữ liệu cá nhân',
  'dashboard.view': 'Xem bảng điều khiển',
  'procedures.read': 'Xem danh mục thủ tục hành chính (cả bản nháp)',
  'procedures.manage': 'Tạo, sửa, công bố, nhập/xuất danh mục thủ tục hành chính (cơ quan cấp tỉnh)',
  'dossiers.read': 'Xem hồ sơ thủ tục hành chính của cơ quan',
  'statistics.read': 'Xem thống kê giải quyết thủ tục hành chính, chỉ số phục vụ (QĐ 766/QĐ-TTg)',
  'queue.serve': 'Gọi số thứ tự, phục vụ người dân tại quầy (máy xếp hàng)',
  'queue.manage': 'Quản lý quầy, lĩnh vực nhận số và xem thống kê xếp hàng',
};

/** Permissions an API token may never carry (the server refuses them). */
export const NOT_TOKEN_SCOPES: readonly string[] = ['tokens.manage'];

export function permissionLabel(code: string): string {
  return (PERMISSION_LABELS as Record<string, string | undefined>)[code] ?? code;
}
