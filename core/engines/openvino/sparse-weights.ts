import type { SparseWeights } from '../../api/schemas/bench-result';
import type { RuntimeNode } from '../engine';

/**
 * Did OpenVINO's sparse weight decompression (CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE) apply?
 * Decided from the runtime graph, never assumed: a FullyConnected layer that got it runs a
 * primitive whose name says "sparse" (e.g. brgemm_avx512_amx_sparse_i8). When none did, the
 * reason is named in the order OpenVINO's CPU plugin checks (FullyConnected::
 * useSparseWeightsDecompression): AMX on the CPU (from its ISA flags), int8 activations and
 * weights, a constant weight feeding the layer directly, dims that are multiples of 64, and
 * finally the weight's own zero fraction against the rate.
 */

const AMX_FLAGS = ['amx_tile', 'amx_int8'];
export const NO_AMX_NOTE =
  "not applied: this CPU lacks AMX (needed by OpenVINO's sparse weight decompression)";

const isFullyConnected = (n: RuntimeNode): boolean => n.layerType.startsWith('FullyConnected');
const isSparse = (n: RuntimeNode): boolean => /sparse/i.test(n.primitive);
const INT8 = new Set(['i8', 'u8']);

function dims(shape: string): number[] | null {
  const m = /^\[([\d,\s]*)\]$/.exec(shape.trim());
  if (!m) return null;
  return m[1]!
    .split(',')
    .filter((d) => d.trim() !== '')
    .map(Number);
}

/** Why a FullyConnected layer did not get a sparse primitive on a CPU that has AMX. */
function blocker(fc: RuntimeNode, byName: Map<string, RuntimeNode>, rate: number): string {
  if (/^undef/.test(fc.primitive)) {
    return 'the primitives are chosen at the first inference (dynamic shapes); run with static shapes';
  }
  if (!INT8.has(fc.precision)) {
    return `the layers run in ${fc.precision}: OpenVINO decompresses only int8 weights with int8 activations (use an INT8 QDQ model)`;
  }
  const weight = fc.inputs[1];
  const producer = weight ? byName.get(weight.from) : undefined;
  if (producer && producer.layerType !== 'Const' && producer.layerType !== 'Input') {
    return `their int8 weights reach FullyConnected through a ${producer.layerType} (ONNX MatMul stores weights [in, out]); OpenVINO decompresses only a weight constant that feeds the layer directly, as in IR with weights stored [out, in] (MatMul transpose_b)`;
  }
  const d = weight ? dims(weight.shape) : null;
  if (d && (d.length !== 2 || d.some((x) => x % 64 !== 0))) {
    return `their weights are [${d.join(', ')}]: OpenVINO needs 2-D weights whose dims are multiples of 64`;
  }
  return `no weight has a zero fraction of at least ${rate} (OpenVINO counts the zeros of each int8 weight)`;
}

/** The sparse-weights facts of one compiled model; null when no rate was asked for. */
export function sparseWeights(
  nodes: readonly RuntimeNode[],
  rate: number | null,
  isaFlags: readonly string[],
): SparseWeights | null {
  if (rate === null) return null;
  const fcs = nodes.filter(isFullyConnected);
  const applied = fcs.filter(isSparse);
  const primitives = [...new Set(fcs.map((n) => n.primitive))].sort();
  const facts = { rate, layers: fcs.length, applied: applied.length, primitives };
  const of = `${applied.length} of ${fcs.length} FullyConnected layers`;
  if (rate >= 1) {
    return { ...facts, note: 'not applied: rate 1.0 means never (OpenVINO skips the check)' };
  }
  if (fcs.length === 0) {
    return {
      ...facts,
      note: 'not applied: the runtime graph has no FullyConnected layer (OpenVINO decompresses only MatMuls with constant weights)',
    };
  }
  const sparsePrims = [...new Set(applied.map((n) => n.primitive))].join(', ');
  if (applied.length === fcs.length) {
    return { ...facts, note: `applied to ${of} (${sparsePrims})` };
  }
  if (applied.length === 0 && !AMX_FLAGS.every((f) => isaFlags.includes(f))) {
    return { ...facts, note: NO_AMX_NOTE };
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  // Count the reasons over the layers without a sparse primitive; name the most common one.
  const reasons = new Map<string, number>();
  for (const fc of fcs) {
    if (isSparse(fc)) continue;
    const why = blocker(fc, byName, rate);
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  const [why, count] = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const rest = fcs.length - applied.length;
  const share = count === rest ? '' : ` (${count} of the ${rest})`;
  return applied.length === 0
    ? { ...facts, note: `not applied: ${why}` }
    : { ...facts, note: `applied to ${of} (${sparsePrims}); not to the others${share}: ${why}` };
}
