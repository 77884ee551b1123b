import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'zlib', 'stream', 'url', 'util', 'events', 'worker_threads', 'readline'];
const nodeBuiltinPatterns = ['node:*', ...nodeBuiltins];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Boundaries (STYLE.md, after Signal Desktop): each folder may touch only its own world.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: "Only main.ts, preload.ts and ipc.ts may import 'electron'." }],
        patterns: [{ group: ['**/renderer/**'], message: 'The core may not import the renderer.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the core only through shared/api.ts.' }],
        patterns: [
          { group: ['**/electron/**'], message: 'The renderer may not import the main process.' },
          { group: nodeBuiltinPatterns, message: 'The renderer may not use Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ imports nothing from either side.' }],
        patterns: [
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from either side.' },
          { group: nodeBuiltinPatterns, message: 'shared/ must run in the renderer too.' },
        ],
      }],
    },
  },
);
