import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The plugin code imports 'obsidian'; in tests that resolves to our faithful fake.
export default defineConfig({
  resolve: {
    alias: {
      obsidian: fileURLToPath(new URL('./tests/fakes/obsidian/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 20000,
    hookTimeout: 20000,
    pool: 'forks',
  },
});
