import { defineConfig } from 'vitest/config';

// Unit tests sit beside the sources (`*.test.ts`); the integration tier (`*.int.test.ts`)
// starts its own moto server through test/support/moto.ts at the repository root.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // scratch copies of examples/quote-api made by the deploy tests
    exclude: ['**/node_modules/**', 'test/.tsappa/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
