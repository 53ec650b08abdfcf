import path from 'node:path';

/**
 * Configuration comes only from environment variables, validated once at start-up.
 * Development gets defaults; production (NODE_ENV=production) must set every secret
 * and may not keep the demo passwords (QĐ 742/QĐ-BTTTT: no default credentials in service).
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Server processes on this machine (WORKERS, node:cluster sharing one port); 1 = no cluster. PostgreSQL only. */
  workers: number;
  /** postgres://… for a PostgreSQL 15+ server; empty = embedded PGlite under dataDir. */
  databaseUrl: string | null;
  /** Folder holding the embedded database, uploaded files and backups. */
  dataDir: string;
  /** Public base URL printed at start-up and used in links (QR codes, e-mails). */
  publicUrl: string;
  /** Secret used to sign session cookies and CSRF tokens. */
  sessionSecret: string;
  /** 32-byte key (hex or base64) encrypting sensitive personal data at rest (Luật 91/2025/QH15). */
  dataKey: string;
  /** Idle timeout of a staff session, minutes (QĐ 742: session timeout). */
  sessionIdleMinutes: number;
  /** Seconds a node reuses a staff member's roles and grants (0: read them on every request). */
  staffGrantsCacheSeconds: number;
  /** Officers' inbox answers a node keeps, each checked against the dossiers' change counter (0: off). */
  inboxCacheEntries: number;
  /** Networks from which administration screens and APIs are reachable (CIDR list). */
  adminNetworks: string[];
  /** Seed demo data on first start. */
  seedDemo: boolean;
  logLevel: string;
  smtp: { url: string | null; from: string };
  sms: { gatewayUrl: string | null; token: string | null };
  oidc: { issuer: string | null; clientId: string | null; clientSecret: string | null; name: string };
  trustProxy: boolean;
  /** Addresses exempt from per-route rate limits (monitoring, the benchmark). */
  rateLimitAllowList: string[];
  /** Name of the portal's owner shown in the public portal's header and titles (PORTAL_NAME). */
  portalName: string;
  /** Fees (modules/payments): the payment gateway and the account of VietQR transfers; null when not configured. */
  payment: PaymentConfig;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n - ${problems.join('\n - ')}`);
  }
}

export const DEV_SESSION_SECRET = 'saola-dev-session-secret-change-me-0000000000';
/** Payment settings for development and tests only: refused in production (see paymentConfig). */
export const DEV_PAYMENT = {
  merchantCode: 'SAOLADEV',
  secret: 'saola-dev-payment-secret-not-for-production-0000',
  bankBin: '970415',
  bankAccount: '113366668888',
  accountName: 'UBND DEMO SAOLA',
} as const;

export interface PaymentConfig {
  /** Gateway's payment page; null → online payment by the gateway is off. In development: the fake /dev/payment-gateway. */
  gatewayUrl: string | null;
  merchantCode: string;
  secret: string;
  /** VietQR beneficiary: NAPAS BIN of the bank, account number, account holder; null bankAccount → no VietQR. */
  bankBin: string;
  bankAccount: string | null;
  accountName: string;
}

/**
 * PAYMENT_GATEWAY_URL, PAYMENT_MERCHANT_CODE, PAYMENT_SECRET, PAYMENT_BANK_BIN, PAYMENT_BANK_ACCOUNT,
 * PAYMENT_ACCOUNT_NAME. Development gets the demo values (and the fake gateway); production gets nothing unless
 * set, and the demo values are refused there like the demo passwords (QĐ 742/QĐ-BTTTT: no default credentials).
 */
function paymentConfig(env: Env, prod: boolean, publicUrl: string, problems: string[]): PaymentConfig {
  const get = (name: string) => env[name]?.trim() || null;
  const gatewayUrl = get('PAYMENT_GATEWAY_URL') ?? (prod ? null : `${publicUrl}/dev/payment-gateway`);
  const merchantCode = get('PAYMENT_MERCHANT_CODE') ?? (prod ? '' : DEV_PAYMENT.merchantCode);
  const secret = get('PAYMENT_SECRET') ?? (prod ? '' : DEV_PAYMENT.secret);
  const bankBin = get('PAYMENT_BANK_BIN') ?? (prod ? '' : DEV_PAYMENT.bankBin);
  const bankAccount = get('PAYMENT_BANK_ACCOUNT') ?? (prod ? null : DEV_PAYMENT.bankAccount);
  const accountName = get('PAYMENT_ACCOUNT_NAME') ?? (prod ? '' : DEV_PAYMENT.accountName);
  if (gatewayUrl) {
    if (!/^https?:\/\//.test(gatewayUrl)) problems.push('PAYMENT_GATEWAY_URL phải là địa chỉ http(s).');
    if (!/^[A-Za-z0-9]{1,20}$/.test(merchantCode)) problems.push('PAYMENT_MERCHANT_CODE bắt buộc (chữ và số).');
    if (secret.length < 16) problems.push('PAYMENT_SECRET phải dài ít nhất 16 ký tự.');
  }
  if (bankAccount) {
    if (!/^\d{6}$/.test(bankBin)) problems.push('PAYMENT_BANK_BIN phải là mã BIN 6 chữ số của ngân hàng.');
    if (!/^[A-Za-z0-9]{1,19}$/.test(bankAccount)) problems.push('PAYMENT_BANK_ACCOUNT không hợp lệ.');
  }
  if (prod) {
    if (gatewayUrl?.includes('/dev/payment-gateway'))
      problems.push('PAYMENT_GATEWAY_URL không được trỏ tới cổng thanh toán thử khi chạy thật.');
    if (secret === DEV_PAYMENT.secret || merchantCode === DEV_PAYMENT.merchantCode)
      problems.push('PAYMENT_SECRET, PAYMENT_MERCHANT_CODE không được dùng giá trị demo khi chạy thật.');
    if (bankAccount === DEV_PAYMENT.bankAccount)
      problems.push('PAYMENT_BANK_ACCOUNT không được dùng tài khoản demo khi chạy thật.');
  }
  return { gatewayUrl, merchantCode, secret, bankBin, bankAccount, accountName };
}
export const DEV_DATA_KEY = '0000000000000000000000000000000000000000000000000000000000000000';

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const prod = nodeEnv === 'production';

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" phải là số nguyên từ ${min} đến ${max}.`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}="${raw}" phải là true hoặc false.`);
    return def;
  };
  const secret = (name: string, devDefault: string, minLength: number): string => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (prod) problems.push(`${name} bắt buộc khi NODE_ENV=production.`);
      return devDefault;
    }
    if (raw.length < minLength) problems.push(`${name} phải dài ít nhất ${minLength} ký tự.`);
    if (prod && raw === devDefault) problems.push(`${name} không được dùng giá trị mặc định khi chạy thật.`);
    return raw;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : prod ? '0.0.0.0' : '127.0.0.1';
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL phải bắt đầu bằng postgres:// hoặc postgresql://.');
  }
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './var');
  const dataKey = secret('DATA_KEY', DEV_DATA_KEY, 32);
  if (!/^[0-9a-fA-F]{64}$/.test(dataKey) && Buffer.from(dataKey, 'base64').length !== 32) {
    problems.push('DATA_KEY phải là khóa 32 byte (64 ký tự hex hoặc base64).');
  }
  const adminNetworks = (env.ADMIN_NETWORKS ?? '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const cidr of adminNetworks) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) problems.push(`ADMIN_NETWORKS: "${cidr}" không phải dải CIDR.`);
  }
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;

  const config: Config = {
    env: nodeEnv,
    port,
    host,
    workers: int('WORKERS', 1, 1, 64),
    databaseUrl,
    dataDir,
    publicUrl: (env.PUBLIC_URL ?? `http://${displayHost}:${port}`).replace(/\/$/, ''),
    sessionSecret: secret('SESSION_SECRET', DEV_SESSION_SECRET, 32),
    dataKey,
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30, 5, 24 * 60),
    staffGrantsCacheSeconds: int('STAFF_GRANTS_CACHE_SECONDS', 5, 0, 60),
    inboxCacheEntries: int('INBOX_CACHE_ENTRIES', 1000, 0, 100_000),
    adminNetworks,
    seedDemo: bool('SEED_DEMO', !prod),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    smtp: { url: env.SMTP_URL || null, from: env.SMTP_FROM ?? 'Saola <no-reply@saola.local>' },
    sms: { gatewayUrl: env.SMS_GATEWAY_URL || null, token: env.SMS_GATEWAY_TOKEN || null },
    oidc: {
      issuer: env.OIDC_ISSUER || null,
      clientId: env.OIDC_CLIENT_ID || null,
      clientSecret: env.OIDC_CLIENT_SECRET || null,
      name: env.OIDC_NAME ?? 'VNeID',
    },
    trustProxy: bool('TRUST_PROXY', false),
    rateLimitAllowList: (env.RATE_LIMIT_ALLOWLIST ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    portalName: env.PORTAL_NAME?.trim() || 'Cổng thông tin điện tử Saola',
    payment: paymentConfig(env, prod, (env.PUBLIC_URL ?? `http://${displayHost}:${port}`).replace(/\/$/, ''), problems),
  };
  if (config.workers > 1 && !config.databaseUrl)
    problems.push('WORKERS > 1 cần DATABASE_URL: cơ sở dữ liệu nhúng (PGlite) chỉ mở được trong một tiến trình.');
  if (config.portalName.length > 200) problems.push('PORTAL_NAME dài tối đa 200 ký tự.');
  if (config.oidc.issuer && !config.oidc.clientId) problems.push('OIDC_CLIENT_ID bắt buộc khi đặt OIDC_ISSUER.');
  if (prod && config.seedDemo)
    problems.push('SEED_DEMO=true không được phép khi NODE_ENV=production (tài khoản demo có mật khẩu mặc định).');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
