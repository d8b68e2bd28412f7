import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code they test (`*.test.ts`).
// End-to-end tests live in tests/e2e and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'utils/**/*.test.{ts,tsx}', 'components/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
