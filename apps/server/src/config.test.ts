import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SESSION_SECRET, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives a development machine working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', databaseUrl: null, seedDemo: true });
    expect(c.dataDir).toMatch(/var$/);
  });

  it('lists every problem in Vietnamese instead of starting with a bad value', () => {
    const run = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '1' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (e) {
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toContain('PORT="abc" phải là số nguyên');
      expect(problems.join('\n')).toContain('DATABASE_URL phải bắt đầu bằng postgres://');
    }
  });

  it('refuses to run in production on unset secrets or demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET bắt buộc/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: DEV_SESSION_SECRET, DATA_KEY: 'a'.repeat(64) }),
    ).toThrow(/không được dùng giá trị mặc định/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        DATA_KEY: 'a'.repeat(64),
        SEED_DEMO: 'true',
      }),
    ).toThrow(/SEED_DEMO/);
  });

  it('starts in production with real secrets, listening on all interfaces', () => {
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: 'b'.repeat(64) });
    expect(c).toMatchObject({ env: 'production', host: '0.0.0.0', seedDemo: false });
  });

  it('reads the rate-limit allow list', () => {
    expect(loadConfig({ RATE_LIMIT_ALLOWLIST: '10.0.0.5, 127.0.0.1' }).rateLimitAllowList).toEqual([
      '10.0.0.5',
      '127.0.0.1',
    ]);
    expect(loadConfig({}).rateLimitAllowList).toEqual([]);
  });

  it('rejects a malformed admin network list', () => {
    expect(() => loadConfig({ ADMIN_NETWORKS: '10.0.0.0/8,not-a-network' })).toThrow(/không phải dải CIDR/);
  });
});
