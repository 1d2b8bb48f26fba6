import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Real-model tests load USE-lite (~1 s) and embed the seeds; give them room without timing them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
