import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { distPath, projectRoot } from '../../../core/util/paths';

interface Build {
  buildWasm(): void;
  buildNativeKernels(): Promise<void>;
}

const newest = (dir: string): number =>
  Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));

/**
 * Build dist/wasm/kernels*.wasm when missing or older than the kernel sources, and the native
 * addon likewise (its build is incremental and never fails: without a compiler the native
 * tiers are simply not available, and tests over tiers skip them).
 */
export async function ensureWasm(): Promise<void> {
  const build = (await import(path.join(projectRoot(), 'scripts/build.mjs'))) as Build;
  const out = distPath('wasm', 'kernels-relaxed.wasm');
  const kernels = path.join(projectRoot(), 'core/engines/builtin/kernels');
  if (!existsSync(out) || statSync(out).mtimeMs < newest(kernels)) build.buildWasm();
  await build.buildNativeKernels();
}
