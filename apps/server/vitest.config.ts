import { defineConfig } from 'vitest/config';

// SAOLA_TEST_DB=pglite (default) or postgresql: the same integration suite runs on both engines.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Statistics tests look at each change at once: no reuse of the live figures (production default: 10 s).
    env: { TZ: 'Asia/Ho_Chi_Minh', STATISTICS_LIVE_CACHE_SECONDS: '0' },
    globalSetup: ['src/test/global-setup.ts'],
  },
});
