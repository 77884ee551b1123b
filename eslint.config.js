import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'zlib',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
  'readline',
];
const nodeBuiltinPatterns = ['node:*', ...nodeBuiltins];

/** One folder's import boundary: modules it may not import, each group with the reason. */
function boundary(files, forbidden, extra = {}) {
  return {
    files,
    ...extra,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbidden.paths ?? [],
          patterns: forbidden.patterns ?? [],
        },
      ],
    },
  };
}

const electronOnlyInShell = { name: 'electron', message: "Only shell/main.ts, shell/preload.ts and shell/ipc.ts import 'electron'." };
const noRenderer = { group: ['**/renderer/**'], message: 'The main process reaches the renderer only through shared/api.ts.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A forgotten await loses errors and ordering; an async callback where void is expected loses its rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },

  // One core, three shells. Each folder imports only what sits below it.
  boundary(['electron/shell/**/*.ts'], {
    paths: [electronOnlyInShell],
    patterns: [noRenderer, { group: ['**/web/**', '**/cli/**'], message: 'The desktop shell uses the core, not the other shells.' }],
  }),
  {
    files: ['electron/shell/main.ts', 'electron/shell/preload.ts', 'electron/shell/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer] }] },
  },
  boundary(['electron/web/**/*.ts'], {
    paths: [electronOnlyInShell],
    patterns: [noRenderer, { group: ['**/shell/**', '**/cli/**'], message: 'The browser mode uses the core, not the other shells.' }],
  }),
  boundary(['electron/cli/**/*.ts'], {
    paths: [electronOnlyInShell],
    patterns: [noRenderer, { group: ['**/shell/**'], message: 'The CLI uses the core (and web/ for `serve`), not the desktop shell.' }],
  }),
  boundary(['electron/core/**/*.ts'], {
    paths: [electronOnlyInShell],
    patterns: [
      noRenderer,
      { group: ['**/shell/**', '**/web/**', '**/cli/**'], message: 'The core knows no shell: shells call it through the handler table.' },
    ],
  }),
  // Conversions are pure functions of bytes, and profiles pure data and predictions: no registry, no sources, no files, no network.
  boundary(
    ['electron/core/convert/**/*.ts', 'electron/core/profiles/**/*.ts'],
    {
      paths: [electronOnlyInShell],
      patterns: [
        noRenderer,
        {
          group: ['**/registry/**', '**/sources/**', '**/export/**', '**/operations/**', '**/handlers'],
          message: 'convert/ and profiles/ are pure: callers fetch the bytes and hand them in.',
        },
        {
          group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'undici'],
          message: 'convert/ and profiles/ do no I/O.',
        },
      ],
    },
    { ignores: ['electron/core/convert/**/*.test.ts', 'electron/core/profiles/**/*.test.ts'] },
  ),
  boundary(
    ['renderer/**/*.{ts,tsx}'],
    {
      paths: [{ name: 'electron', message: 'The renderer talks to the core only through shared/api.ts.' }],
      patterns: [
        { group: ['**/electron/**'], message: 'The renderer may not import the main process.' },
        { group: nodeBuiltinPatterns, message: 'The renderer may not use Node built-ins.' },
      ],
    },
    { languageOptions: { globals: { ...globals.browser } } },
  ),
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  boundary(['shared/**/*.ts'], {
    paths: [{ name: 'electron', message: 'shared/ imports nothing from either side.' }],
    patterns: [
      { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from either side.' },
      { group: nodeBuiltinPatterns, message: 'shared/ must run in the renderer too.' },
    ],
  }),
);
