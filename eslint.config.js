// ESLint: TypeScript rules plus the dependency direction of DESIGN.md as import boundaries.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/** Browser-side code (renderer) and what core/views must stay usable from there. */
const BROWSER_RESTRICTED_PATHS = [
  ...NODE_BUILTINS.flatMap((n) => [n, `node:${n}`]).map((name) => ({
    name,
    message: 'Browser-side code: no Node modules.',
  })),
  ...['electron', 'onnxruntime-node', 'ws', 'zod'].map((name) => ({
    name,
    message: 'Browser-side code talks to the host only through WorkbenchApi.',
  })),
];

const UI_PACKAGES_IN_CORE = ['react', 'react-dom', 'zustand', 'recharts'].map((name) => ({
  name,
  message: 'core is platform code: no React (DESIGN.md, dependency direction).',
}));

// Which project files a file may import (layers, no cycles) is checked by
// scripts/check-imports.mjs; the rules here say which packages each area may use.
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.tsbuild/**',
      'test-output/**',
      '.venv-openvino/**',
      'core/engines/builtin/kernels/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'zustand', 'recharts'].map((name) => ({
            name,
            message:
              'core is platform code: no Electron or React (DESIGN.md, dependency direction).',
          })),
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/**'],
              message: 'core never imports renderer/ or electron/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic hook rules; the React Compiler rules of `recommended` do not apply (no compiler here).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: BROWSER_RESTRICTED_PATHS,
          patterns: [
            {
              group: ['**/core/api/schemas/**'],
              allowTypeImports: true,
              message: 'core/api/schemas holds zod schemas: import their types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure code the renderer also runs: the contract and the chart view functions.
    files: ['core/api/**/*.ts', 'core/views/**/*.ts'],
    ignores: ['core/api/schemas/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [...BROWSER_RESTRICTED_PATHS, ...UI_PACKAGES_IN_CORE] },
      ],
    },
  },
  {
    // The contract's zod schemas: pure, but with zod (the renderer imports their types only).
    files: ['core/api/schemas/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...BROWSER_RESTRICTED_PATHS.filter((p) => p.name !== 'zod'),
            ...UI_PACKAGES_IN_CORE,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', 'recharts'].map((name) => ({
            name,
            message: 'electron/ holds no UI code.',
          })),
          patterns: [{ group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' }],
        },
      ],
    },
  },
);
