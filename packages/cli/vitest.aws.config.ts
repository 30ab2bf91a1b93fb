import { defineConfig } from 'vitest/config';

// The real-AWS suite (`npm run test:aws`): test/aws/*.aws.ts, never part of `npm test`.
// test/aws/gate.ts says when it runs.
export default defineConfig({
  test: {
    include: ['test/aws/**/*.aws.ts'],
    exclude: ['**/node_modules/**', 'test/.tsappa/**'],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
    fileParallelism: false,
  },
});
