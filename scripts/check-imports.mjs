// The import rules ESLint's per-package restrictions cannot express (DESIGN.md, dependency
// direction): which project files each file may import, and no import cycles anywhere.
//
//   node scripts/check-imports.mjs [ROOT]     (npm run lint runs it on the repo)
//
// Imports are read with TypeScript's own pre-processor (static, type-only, dynamic and
// re-exports alike), so a type-only cycle counts: it is still a design cycle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * core's layers, lowest first. A file may import files of its own layer or a lower one; the
 * longest matching folder decides a file's layer.
 */
export const CORE_LAYERS = [
  { name: 'contract', folders: ['core/api', 'core/types'] },
  { name: 'util', folders: ['core/util'] },
  { name: 'model', folders: ['core/model'] },
  { name: 'config and views', folders: ['core/config', 'core/views'] },
  { name: 'engines', folders: ['core/engines'] },
  { name: 'bench', folders: ['core/bench'] },
  { name: 'profile', folders: ['core/profile'] },
  { name: 'report', folders: ['core/report'] },
  { name: 'host', folders: ['core/host'] },
  { name: 'cli', folders: ['core/cli'] },
];

/** Which top-level areas a file of each area may import (core's order is checked apart). */
export const AREA_RULES = {
  // assets/ is data (op metadata), not code: core/views reads its JSON.
  core: { may: ['core', 'assets'], why: 'core never imports electron/ or renderer/' },
  electron: { may: ['core', 'electron'], why: 'electron/ never imports renderer/' },
  renderer: {
    may: ['renderer', 'core/api', 'core/views'],
    why: 'the renderer reaches the host only through core/api and runs only core/views',
  },
};

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.tsbuild', 'test-output', 'release', '.git']);

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveRelative(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|mjs)$/, '');
  for (const candidate of [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    path.join(base, 'index.ts'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every file's project imports: file (relative to root, '/'-separated) → imported files. */
export function importGraph(root, areas = ['core', 'electron', 'renderer']) {
  const graph = new Map();
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  for (const area of areas) {
    for (const file of walk(path.join(root, area))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const deps = [];
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const target = resolveRelative(file, fileName);
        if (target) deps.push(rel(target));
      }
      graph.set(rel(file), deps);
    }
  }
  return graph;
}

function under(file, folder) {
  return file === folder || file.startsWith(`${folder}/`);
}

/** The index of a core file's layer (longest matching folder), or -1 outside core's layers. */
export function layerOf(file, layers = CORE_LAYERS) {
  let best = -1;
  let bestLength = -1;
  layers.forEach((layer, i) => {
    for (const folder of layer.folders) {
      if (under(file, folder) && folder.length > bestLength) {
        best = i;
        bestLength = folder.length;
      }
    }
  });
  return best;
}

/** Strongly connected components with more than one file (Tarjan), i.e. the cycles. */
export function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Imports that break an area rule or run up core's layer order. */
export function findViolations(graph, layers = CORE_LAYERS) {
  const violations = [];
  for (const [from, deps] of graph) {
    const area = from.split('/')[0];
    const rule = AREA_RULES[area];
    for (const to of deps) {
      if (rule && !rule.may.some((folder) => under(to, folder))) {
        violations.push({ from, to, why: rule.why });
        continue;
      }
      if (area !== 'core' || under(to, 'assets')) continue;
      const a = layerOf(from, layers);
      const b = layerOf(to, layers);
      if (a === -1 || b === -1) {
        const outside = a === -1 ? from : to;
        violations.push({ from, to, why: `${outside} is in no layer of CORE_LAYERS` });
      } else if (b > a) {
        violations.push({
          from,
          to,
          why: `${layers[a].name} may not import ${layers[b].name} (a higher layer)`,
        });
      }
    }
  }
  return violations;
}

export function checkImports(root) {
  const graph = importGraph(root);
  return { files: graph.size, cycles: findCycles(graph), violations: findViolations(graph) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
  );
  const { files, cycles, violations } = checkImports(root);
  for (const c of cycles) console.error(`import cycle: ${c.join(' → ')}`);
  for (const v of violations) console.error(`${v.from} imports ${v.to}: ${v.why}`);
  if (cycles.length || violations.length) {
    console.error(
      `check-imports: ${cycles.length} cycle(s), ${violations.length} import(s) against the layer order`,
    );
    process.exit(1);
  }
  console.log(`check-imports: ${files} files, no cycles, layers in order`);
}
