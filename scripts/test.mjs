// `npm test`: build, run unit + integration tests, then end-to-end tests in Debian's Chromium.
// Where Chromium is missing outside CI, e2e is skipped with a loud notice; with CI=true a
// missing Chromium fails the run. Ends with one line: "test: N passed, N failed, N skipped".
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'test-output');
mkdirSync(out, { recursive: true });
export const CHROMIUM = process.env.SPARSESCOPE_CHROMIUM ?? '/usr/bin/chromium';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root }).status ?? 1;
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');

if (run(process.execPath, [path.join(root, 'scripts/build.mjs')]) !== 0) process.exit(1);

const totals = { passed: 0, failed: 0, skipped: 0 };
let failed = false;
function project(name) {
  const report = path.join(out, `${name}.json`);
  const status = run(process.execPath, [
    vitest,
    'run',
    '--project',
    name,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (status !== 0) failed = true;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  }
}

project('unit');
if (existsSync(CHROMIUM)) {
  project('e2e');
} else if (process.env.CI) {
  console.error(
    `\ntest: CI=true but Chromium is missing at ${CHROMIUM}; e2e cannot run. Install it: apt-get install -y chromium`,
  );
  failed = true;
} else {
  console.warn('\n' + '!'.repeat(78));
  console.warn(`!! SKIPPING e2e tests: no Chromium at ${CHROMIUM}.`);
  console.warn(
    "!! Install Debian's chromium (apt-get install -y chromium) or set SPARSESCOPE_CHROMIUM.",
  );
  console.warn('!'.repeat(78) + '\n');
}
console.log(`test: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
