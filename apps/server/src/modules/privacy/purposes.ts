/**
 * The purposes for which Saola processes a citizen's personal data, each shown to the citizen in
 * plain Vietnamese before they consent. Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 requires consent
 * to be given for a stated purpose, by a clear affirmative act (never a pre-ticked box), and lets
 * the data subject withdraw it; Nghị định 356/2025/NĐ-CP details how consent is recorded and proven.
 * The text a citizen agreed to is copied into the consent row, so changing it here never rewrites
 * what someone already accepted.
 */
export interface Purpose {
  code: string;
  /** Short label for checkboxes and lists. */
  title: string;
  /** What is processed, why, by whom, for how long — shown in full on the personal data page. */
  text: string;
  /** Mandatory purposes are needed to have an account at all; the others are opt-in. */
  mandatory: boolean;
}

export const PURPOSES: readonly Purpose[] = [
  {
    code: 'account',
    title: 'Tạo và sử dụng tài khoản công dân',
    text:
      'Xử lý số điện thoại hoặc địa chỉ thư điện tử, họ tên và thông tin bạn tự khai để tạo tài khoản, ' +
      'xác thực khi bạn đăng nhập (gửi mã xác nhận), ghi nhật ký đăng nhập để bảo vệ tài khoản, và liên hệ với bạn ' +
      'về hồ sơ, yêu cầu bạn gửi qua cổng dịch vụ. Dữ liệu được lưu đến khi bạn yêu cầu xóa tài khoản hoặc hết thời hạn ' +
      'lưu trữ hồ sơ theo quy định; không chia sẻ cho bên thứ ba ngoài cơ quan giải quyết hồ sơ của bạn.',
    mandatory: true,
  },
  {
    code: 'notifications.sms',
    title: 'Nhận tin nhắn SMS về tình trạng hồ sơ',
    text:
      'Dùng số điện thoại của bạn để gửi tin nhắn SMS khi hồ sơ của bạn được tiếp nhận, cần bổ sung hoặc có kết quả. ' +
      'Bạn có thể rút lại sự đồng ý này bất cứ lúc nào tại trang Tài khoản.',
    mandatory: false,
  },
  {
    code: 'notifications.email',
    title: 'Nhận thư điện tử về tình trạng hồ sơ',
    text:
      'Dùng địa chỉ thư điện tử của bạn để gửi thông báo khi hồ sơ của bạn được tiếp nhận, cần bổ sung hoặc có kết quả. ' +
      'Bạn có thể rút lại sự đồng ý này bất cứ lúc nào tại trang Tài khoản.',
    mandatory: false,
  },
];

export const ACCOUNT_PURPOSE = 'account';

export function findPurpose(code: string): Purpose | undefined {
  return PURPOSES.find((p) => p.code === code);
}
