import { defineConfig } from 'vitest/config';

// The slow suite (coverage over many seeds, full start grids) runs with `npm run test:slow`.
const slow = process.env.SCALEFIT_SLOW === '1';

export default defineConfig({
  test: {
    include: slow ? ['test/slow/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: slow ? [] : ['test/slow/**', 'node_modules/**'],
    testTimeout: slow ? 600_000 : 60_000,
  },
});
