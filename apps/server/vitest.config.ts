import { defineConfig } from 'vitest/config';

// SAOLA_TEST_DB=pglite (default) or postgresql: the same integration suite runs on both engines.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    globalSetup: ['src/test/global-setup.ts'],
  },
});
