#!/usr/bin/env node
// Launcher for `sparsescope`: (re)builds the core bundle when sources are newer, then runs it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/core/bin.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

const sources = path.join(root, 'core');
const stale =
  existsSync(sources) && (!existsSync(bundle) || newestMtime(sources) > statSync(bundle).mtimeMs);
if (stale) {
  const { buildCore, buildWasm } = await import(
    pathToFileURL(path.join(root, 'scripts/build.mjs')).href
  );
  await buildCore();
  buildWasm();
}
await import(pathToFileURL(bundle).href);
