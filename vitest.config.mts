import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server build; in tests every module is server-side.
      'server-only': path.resolve(import.meta.dirname, 'scripts/empty-module.js'),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**', '.data/**'],
    environment: 'node',
    // Test receivers listen on 127.0.0.1: webhook steps may be published and delivered there
    // (the production rule is tested with explicit public-only policies).
    // Tests that play a production server on Postgres test other rules; the shared-secrets rule
    // (lib/env.ts) is tested in lib/env.test.ts, which clears this.
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: '1', DEV_SECRETS: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: one worker per core keeps PGlite instances from starving each other.
    maxWorkers: 2,
  },
});
