import type { HostTensor } from '../tensor';
import type { GraphModel } from '../graph';
import { findLinearWeights, rebuildModel } from './linear-weights';
import { runOnce } from './ort-run';

/**
 * Observe the abs-max of every MatMul/Gemm activation input (the A operand of a constant-weight
 * linear layer) on one run of `feeds`: the range a QDQ activation quantiser must cover.
 * Calibrating on random inputs is a stand-in for a real data set; say so when reporting.
 */
export async function calibrateActivations(
  model: GraphModel,
  feeds: Record<string, HostTensor>,
): Promise<Map<string, number>> {
  const values = new Set<string>();
  for (const w of findLinearWeights(model))
    for (const n of w.nodes) if (n.inputs[0]) values.add(n.inputs[0]);
  const ranges = new Map<string, number>();
  const absMax = (data: ArrayLike<number>): number => {
    let m = 0;
    for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]!));
    return m;
  };
  const probe: string[] = [];
  for (const v of values) {
    const fed = feeds[v];
    if (fed && (fed.data instanceof Float32Array || fed.data instanceof Float64Array))
      ranges.set(v, absMax(fed.data));
    else if (!fed) probe.push(v);
  }
  if (probe.length === 0) return ranges;
  // Expose the intermediate values as extra graph outputs for one run.
  const probed = rebuildModel(model, {});
  const existing = new Set(probed.graph.outputs.map((o) => o.name));
  probed.graph.outputs = [
    ...probed.graph.outputs,
    ...probe
      .filter((v) => !existing.has(v))
      .map((name) => ({ name, dtype: 'float32' as const, shape: null })),
  ];
  const outputs = await runOnce(probed, feeds, probe);
  for (const v of probe) {
    const data = outputs[v];
    if (data) ranges.set(v, absMax(data));
  }
  return ranges;
}
