import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { distPath, projectRoot } from '../../../core/util/paths';

/** Build dist/wasm/kernels.wasm when it is missing or older than the kernel sources. */
export async function ensureWasm(): Promise<void> {
  const out = distPath('wasm', 'kernels.wasm');
  const dir = path.join(projectRoot(), 'core/engines/builtin/kernels');
  const newest = Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return;
  const build = (await import(path.join(projectRoot(), 'scripts/build.mjs'))) as {
    buildWasm(): void;
  };
  build.buildWasm();
}
