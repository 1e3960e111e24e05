import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../core/util/paths';
import { buildElectron } from '../../../scripts/build.mjs';

describe('package.json "main"', () => {
  it('names the file the build writes, so the desktop app starts', async () => {
    await buildElectron();
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(existsSync(path.join(projectRoot(), pkg.main)), pkg.main).toBe(true);
  }, 60_000);
});
