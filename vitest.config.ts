import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Real-model tests load USE-lite (~1 s) and embed the seeds; give them room without timing them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // `npm run coverage`: lines of the product run by the tests in this process and its forks (the CLI
    // and workers that tests start as child processes or threads are not counted).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'commands/**/*.ts'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});
