// Lint: Obsidian's review rules for the plugin, and the folder boundaries of docs/architecture.md §1.
import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'url',
  'child_process',
  'stream',
  'util',
  'buffer',
  'events',
  'vm',
  'zlib',
  'net',
  'tls',
];

export default defineConfig([
  globalIgnores([
    'main.js',
    'dist/**',
    'node_modules/**',
    'demo-vault/**',
    'coverage/**',
    'bench/results.json',
    'tests/browser/dist/**',
  ]),
  {
    files: ['src/**/*.ts'],
    extends: [...obsidianmd.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.*'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // core/ is pure: no Obsidian, no Node, no DOM, no network of its own.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['obsidian', 'electron', ...nodeBuiltins, '**/obsidian/**', '**/node/**'],
              message: 'core/ is pure: do I/O through a port in core/ports.ts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'fetch',
        'window',
        'document',
        'Buffer',
        'process',
        'require',
        'localStorage',
        'activeDocument',
        'activeWindow',
      ],
    },
  },
  {
    // The plugin must load on mobile: no Node built-ins, no fetch, no Buffer.
    files: ['src/obsidian/**/*.ts', 'src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeBuiltins, '**/node/**'], message: 'The plugin bundle runs on mobile: no Node built-ins.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Use requestUrl.' }, 'Buffer', 'process', 'require'],
      'no-console': 'error',
    },
  },
  {
    // core/ bans `window` (it runs under Node too), so the one timer helper in the WeRead transport uses the host's timers.
    files: ['src/core/weread/transport.ts'],
    rules: { 'obsidianmd/prefer-window-timers': 'off' },
  },
  {
    files: ['src/node/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      // node/ is the Node adapter layer: the CLI and the filesystem store never ship in the plugin bundle.
      'obsidianmd/no-nodejs-modules': 'off',
      // The CLI has no Vault#configDir to ask: it defaults to Obsidian's own default and takes --config-dir.
      'obsidianmd/hardcoded-config-path': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['obsidian', '**/obsidian/**'], message: 'node/ adapters never import obsidian.' }] },
      ],
    },
  },
]);
