// Lint: Next's recommended rules (React, hooks, jsx-a11y, import), TypeScript, and the
// layer rules of shared/STYLE.md, so an import across a forbidden boundary fails CI.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const layerZones = [
  // sync/schema is shared by browser and server: nothing of ours.
  { target: './sync/schema', from: ['./lib', './app', './components', './sync/client', './sync/server'], message: 'sync/schema imports nothing of ours (zod only).' },
  { target: './sync/client', from: ['./sync/server', './app', './components'], message: 'sync/client may import sync/schema and client-safe lib only.' },
  { target: './sync/server', from: ['./sync/client', './app', './components'], message: 'sync/server may import sync/schema and lib only.' },
  { target: './lib', from: ['./app', './components', './sync/client', './sync/server'], message: 'lib never imports app, components or sync client/server.' },
  { target: './components', from: ['./app', './sync/server'], message: 'components may import client-safe lib, sync/schema and sync/client.' },
  { target: './sdk/src', from: ['./lib', './app', './components', './sync'], message: 'the SDK stands alone (it is published apart): only its generated schema and fetch.' },
];

const config = [
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', 'reports/**', 'public/sw.js', 'public/workbox-*.js', 'test-results/**', 'next-env.d.ts'],
  },
  ...nextVitals,
  ...nextTs,
  {
    // Parsing dependencies for import rules is slow and PGlite's bundle overflows the parser.
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      'import/no-restricted-paths': ['error', { zones: layerZones }],
      'import/no-cycle': ['error', { maxDepth: 10, ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Focused tests must never be committed: they silently skip the rest of the suite.
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'Remove .only before committing.' })),
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default config;
