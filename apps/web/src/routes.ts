/** Paths of the back office (under /app). Vietnamese slugs, no diacritics. */
export const paths = {
  login: '/dang-nhap',
  dashboard: '/',
  org: '/to-chuc',
  users: '/nguoi-dung',
  audit: '/nhat-ky',
  calendar: '/lich-lam-viec',
  tokens: '/khoa-api',
  password: '/tai-khoan/mat-khau',
  sessions: '/tai-khoan/phien',
  totp: '/tai-khoan/bao-mat',
} as const;
