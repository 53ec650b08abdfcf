import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Unit tests of the back office (components and page behaviour) in jsdom; browser tests live in e2e/.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    testTimeout: 20_000,
  },
});
