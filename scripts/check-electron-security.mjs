// Electronegativity over electron/: every HIGH or MEDIUM finding must be fixed or listed,
// with its reason, in electron/electronegativity-justified.json. Run by .ci/run.
//   node scripts/check-electron-security.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electron = pkg.devDependencies.electron.replace(/^[^\d]*/, '');
const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'electronegativity-')), 'findings.csv');
const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
    '-i',
    path.join(root, 'electron'),
    '-r',
    '-v',
    'false',
    '-e',
    electron,
    '-o',
    out,
  ],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stdout + run.stderr);
  process.exit(1);
}
const justified = JSON.parse(
  readFileSync(path.join(root, 'electron/electronegativity-justified.json'), 'utf8'),
).findings;
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
const problems = [];
for (const row of rows) {
  const [check, severity, , file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
  if (severity !== 'HIGH' && severity !== 'MEDIUM') continue;
  if (justified.some((j) => j.check === check && j.file === file)) continue;
  problems.push(`${severity} ${check} at ${file}:${location}`);
}
console.log(
  `electronegativity: ${rows.length} finding(s), ${rows.length - problems.length} reviewed`,
);
if (problems.length) {
  for (const p of problems) console.error(`unjustified: ${p}`);
  process.exit(1);
}
