import { existsSync } from 'node:fs';

/** ONNX backend node tests from Debian's libonnx-testdata package (`.ci/run` installs it). */
export const NODE_TESTS = '/usr/share/libonnx-testdata/data/node';
export const HAVE_NODE_TESTS = existsSync(NODE_TESTS);

if (!HAVE_NODE_TESTS) {
  const reason = `${NODE_TESTS} is absent: install Debian's libonnx-testdata to run the ONNX node-test corpus`;
  // CI must run them; elsewhere the suites that need them are skipped with this reason.
  if (process.env.CI) throw new Error(reason);
  console.warn(`SKIP: ${reason}`);
}
