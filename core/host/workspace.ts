import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The folder where SparseScope keeps what it makes: generated models, sweeps, the model
 * list. SPARSESCOPE_HOME overrides it (tests point it at a temporary folder).
 */
export function workspaceDir(): string {
  const dir = process.env.SPARSESCOPE_HOME ?? path.join(os.homedir(), '.sparsescope');
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  return dir;
}
