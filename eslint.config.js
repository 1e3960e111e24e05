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

const RENDERER_RESTRICTED_PATHS = [
  ...NODE_BUILTINS.flatMap((n) => [n, `node:${n}`]).map((name) => ({
    name,
    message: 'Browser-side code: no Node modules.',
  })),
  ...['electron', 'onnxruntime-node', 'ws', 'zod'].map((name) => ({
    name,
    message: 'The renderer talks to the host only through WorkbenchApi.',
  })),
];

/**
 * Exceptions to the boundaries below, each with its reason. Empty on purpose: add an entry
 * here (files + rule override + why) rather than disabling a rule inline.
 */
const BOUNDARY_EXCEPTIONS = [
  {
    // Charts are fed by pure functions from core (DESIGN.md, Renderer): the renderer imports
    // core/views, which are pure (the block below keeps them free of Node and I/O).
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: RENDERER_RESTRICTED_PATHS,
          patterns: [
            {
              regex: '(^|/)core/(?!api/|views/)',
              message:
                'The renderer may import only core/api (types) and core/views (pure functions).',
            },
            {
              group: ['**/core/api/**'],
              allowTypeImports: true,
              message: 'Import core/api with `import type` only.',
            },
            { group: ['**/electron/**'], message: 'The renderer never imports electron/.' },
          ],
        },
      ],
    },
  },
  {
    // What the renderer may import from core must stay pure.
    files: ['core/views/**/*.ts', 'core/bench/speedup.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: RENDERER_RESTRICTED_PATHS,
          patterns: [
            {
              group: ['**/host/**', '**/cli/**', '**/engines/**', '**/model/**'],
              allowTypeImports: true,
              message: 'core/views stays pure: types only from the rest of core.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.tsbuild/**',
      'test-output/**',
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
          paths: [
            ...NODE_BUILTINS.flatMap((n) => [n, `node:${n}`]).map((name) => ({
              name,
              message: 'The renderer runs in a browser sandbox: no Node modules.',
            })),
            ...['electron', 'onnxruntime-node', 'ws'].map((name) => ({
              name,
              message: 'The renderer talks to the host only through WorkbenchApi.',
            })),
          ],
          patterns: [
            {
              group: ['**/core/**', '!**/core/api/**'],
              message: 'The renderer may import only core/api (types).',
            },
            {
              group: ['**/core/api/**'],
              allowTypeImports: true,
              message: 'Import core/api with `import type` only.',
            },
            { group: ['**/electron/**'], message: 'The renderer never imports electron/.' },
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
  ...BOUNDARY_EXCEPTIONS,
);
