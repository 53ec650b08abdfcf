/**
 * Every permission in the product. A role is a set of these; a grant gives a role in one agency
 * (and, when the assignment says so, the agencies below it). Least privilege (QĐ 742/QĐ-BTTTT):
 * nothing is implied; an administrator gets exactly the administrative permissions listed.
 */
export const PERMISSIONS = {
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
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
