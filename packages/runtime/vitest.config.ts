import { defineConfig } from 'vitest/config';

// Unit tests sit beside the sources (`*.test.ts`); the integration tier (`*.int.test.ts`)
// starts its own moto server through test/support/moto.ts at the repository root.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
