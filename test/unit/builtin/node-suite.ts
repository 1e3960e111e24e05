import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { tensorToArray } from '../../../core/model/tensor';
import {
  BUILTIN_DTYPES,
  BUILTIN_OPS,
  createBuiltinSession,
} from '../../../core/engines/builtin/builtin-engine';
import { readTestData, verifySession } from '../../../core/engines/builtin/test-data';
import { formatDiff, type Tolerance } from '../../../core/engines/builtin/tensor-diff';
import type { TierRequest } from '../../../core/engines/builtin/tier-select';

export { HAVE_NODE_TESTS, NODE_TESTS } from '../node-tests-dir';
import { NODE_TESTS } from '../node-tests-dir';

export interface SuiteResult {
  claimed: string[];
  passed: string[];
  failures: { test: string; why: string }[];
  /** Tests with claimed ops whose values are not tensors (sequence/optional data files). */
  skipped: { test: string; why: string }[];
  /** Op types used by tests in the set that the engine does not claim. */
  unclaimedOps: string[];
}

/**
 * Why a test's expected outputs are random by construction, if they are: training-mode
 * Dropout with a non-zero ratio (numpy's generator drew the expected mask; no engine can
 * reproduce it, and onnxruntime excludes these tests too).
 */
function randomDropout(
  model: ReturnType<typeof readOnnx>,
  sets: { data: ReturnType<typeof readTestData> }[],
): string | null {
  const inputAt = new Map(model.graph.inputs.map((v, i) => [v.name, i]));
  const scalar = (name: string | undefined, data: ReturnType<typeof readTestData>): number => {
    const init = name ? model.graph.initializers.get(name) : undefined;
    const at = name ? inputAt.get(name) : undefined;
    const t = init ?? (at === undefined ? undefined : data.inputs[at]);
    return t ? Number(Array.from(tensorToArray(t) as ArrayLike<number | bigint>)[0]) : NaN;
  };
  for (const n of model.graph.nodes) {
    if (n.opType !== 'Dropout' || !n.inputs[2]) continue;
    for (const { data } of sets) {
      const ratio = n.inputs[1] ? scalar(n.inputs[1], data) : 0.5;
      if (scalar(n.inputs[2], data) && ratio !== 0)
        return `training-mode Dropout with ratio ${ratio}: the expected outputs come from numpy's random generator`;
    }
  }
  return null;
}

/** Run every backend node test whose ops are all claimed by the builtin engine (on `tier`). */
export async function runNodeSuite(
  tol: Tolerance,
  only?: RegExp,
  tier?: TierRequest,
): Promise<SuiteResult> {
  const claimedOps = new Set(BUILTIN_OPS);
  const result: SuiteResult = {
    claimed: [],
    passed: [],
    failures: [],
    skipped: [],
    unclaimedOps: [],
  };
  const unclaimed = new Set<string>();
  for (const test of readdirSync(NODE_TESTS).sort()) {
    if (only && !only.test(test)) continue;
    const dir = path.join(NODE_TESTS, test);
    const file = path.join(dir, 'model.onnx');
    if (!existsSync(file)) continue;
    let model;
    try {
      model = readOnnx(new Uint8Array(readFileSync(file)), file);
    } catch {
      continue;
    }
    const ops = model.graph.nodes.map((n) =>
      n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType,
    );
    const missing = ops.filter((o) => !claimedOps.has(o));
    if (missing.length) {
      missing.forEach((o) => unclaimed.add(o));
      continue;
    }
    const sets = readdirSync(dir)
      .filter((d) => d.startsWith('test_data_set_'))
      .sort();
    let data;
    try {
      data = sets.map((set) => ({ set, data: readTestData(path.join(dir, set)) }));
    } catch (err) {
      result.skipped.push({ test, why: `data is not plain tensors: ${(err as Error).message}` });
      continue;
    }
    const random = randomDropout(model, data);
    if (random) {
      result.skipped.push({ test, why: random });
      continue;
    }
    const io = [...model.graph.inputs, ...model.graph.outputs];
    if (io.some((v) => v.dtype === null)) {
      result.skipped.push({ test, why: 'inputs or outputs are sequences/maps, not tensors' });
      continue;
    }
    const badType = io.find((v) => !BUILTIN_DTYPES.includes(v.dtype!));
    if (badType) {
      result.skipped.push({ test, why: `element type ${badType.dtype} is not supported` });
      continue;
    }
    result.claimed.push(test);
    try {
      const session = createBuiltinSession(model, { threads: 1, tier });
      const bad: string[] = [];
      for (const { set, data: d } of data) {
        const diffs = await verifySession(session, d, tol, model);
        for (const d of diffs) if (!d.ok) bad.push(`${set}: ${formatDiff(d)}`);
      }
      if (bad.length) result.failures.push({ test, why: bad.join('; ') });
      else result.passed.push(test);
    } catch (err) {
      result.failures.push({ test, why: (err as Error).message });
    }
  }
  result.unclaimedOps = [...unclaimed].sort();
  return result;
}
