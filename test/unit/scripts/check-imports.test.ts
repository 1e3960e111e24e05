import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImports as check, layerOf } from '../../../scripts/check-imports.mjs';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A tree of source files: path → contents. */
function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(os.tmpdir(), 'import-check-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const CLEAN = {
  'core/api/contract.ts': 'export type A = 1;\n',
  'core/model/graph.ts': "import type { A } from '../api/contract';\nexport type G = A;\n",
  'core/bench/run.ts': "import type { G } from '../model/graph';\nexport const r: G = 1;\n",
  'renderer/src/app.tsx':
    "import type { A } from '../../core/api/contract';\nexport const a: A = 1;\n",
  'electron/main.ts': "import { r } from '../core/bench/run';\nexport { r };\n",
};

describe('check-imports', () => {
  it('passes a tree whose imports run down the layers', () => {
    const result = check(tree(CLEAN));
    expect(result).toEqual({ files: 5, cycles: [], violations: [] });
  });

  it('finds a cycle, type-only imports included', () => {
    const result = check(
      tree({
        ...CLEAN,
        'core/bench/a.ts': "import type { B } from './b';\nexport type A = B;\n",
        'core/bench/b.ts': "import { x } from './c';\nexport type B = number;\nexport { x };\n",
        'core/bench/c.ts': "export { type A } from './a';\nexport const x = 1;\n",
      }),
    );
    expect(result.cycles).toEqual([['core/bench/a.ts', 'core/bench/b.ts', 'core/bench/c.ts']]);
  });

  it('refuses an import that runs up the layer order', () => {
    const result = check(
      tree({ ...CLEAN, 'core/model/up.ts': "import { r } from '../bench/run';\nexport { r };\n" }),
    );
    expect(result.cycles).toEqual([]);
    expect(result.violations).toEqual([
      {
        from: 'core/model/up.ts',
        to: 'core/bench/run.ts',
        why: 'model may not import bench (a higher layer)',
      },
    ]);
  });

  it('refuses renderer imports outside core/api and core/views, and core importing electron', () => {
    const result = check(
      tree({
        ...CLEAN,
        'renderer/src/bad.ts': "import { r } from '../../core/bench/run';\nexport { r };\n",
        'core/host/bad.ts': "import { r } from '../../electron/main';\nexport { r };\n",
      }),
    );
    expect(result.violations.map((v) => [v.from, v.to]).sort()).toEqual([
      ['core/host/bad.ts', 'electron/main.ts'],
      ['renderer/src/bad.ts', 'core/bench/run.ts'],
    ]);
  });

  it('puts a file in the layer of its longest matching folder', () => {
    const layers = [
      { name: 'low', folders: ['core/model'] },
      { name: 'high', folders: ['core/model/deep'] },
    ];
    expect(layerOf('core/model/graph.ts', layers)).toBe(0);
    expect(layerOf('core/model/deep/x.ts', layers)).toBe(1);
    expect(layerOf('core/modelish/x.ts', layers)).toBe(-1);
  });

  it('passes on this repository', () => {
    const result = check(path.resolve(import.meta.dirname, '../../..'));
    root = '';
    expect(result.cycles).toEqual([]);
    expect(result.violations).toEqual([]);
  });
});
