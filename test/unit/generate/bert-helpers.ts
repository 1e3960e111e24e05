// Shared by the generator tests: run a generated BERT in onnxruntime and count weight zeros
// independently of the generator (decoding the written file's bytes ourselves).
import * as ort from 'onnxruntime-node';
import type { GraphModel, Tensor } from '../../../core/model/graph';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';

export async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** Run one sequence (or a batch of equal-length ones); returns last_hidden_state and dims. */
export async function runBert(
  s: ort.InferenceSession,
  ids: number[] | number[][],
  mask?: number[] | number[][],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const rows = (v: number[] | number[][]): number[][] =>
    Array.isArray(v[0]) ? (v as number[][]) : [v as number[]];
  const idRows = rows(ids);
  const t = (v: number[][]): ort.Tensor =>
    new ort.Tensor('int64', BigInt64Array.from(v.flat(), BigInt), [v.length, v[0]!.length]);
  const out = await s.run({
    input_ids: t(idRows),
    attention_mask: t(mask ? rows(mask) : idRows.map((r) => r.map(() => 1))),
    token_type_ids: t(idRows.map((r) => r.map(() => 0))),
  });
  const h = out.last_hidden_state!;
  return { data: h.data as Float32Array, dims: h.dims };
}

/** Max |a - b| over token positions [from, to) of [1, seq, hidden] outputs. */
export function maxDiff(
  a: Float32Array,
  b: Float32Array,
  hidden: number,
  from: number,
  to: number,
): number {
  let m = 0;
  for (let i = from * hidden; i < to * hidden; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Copy of a tensor's bytes decoded as float32 or int8 (a copy keeps alignment safe). */
function decode(t: Tensor): Float32Array | Int8Array {
  const bytes = Uint8Array.from(t.bytes());
  if (t.dtype === 'float32') return new Float32Array(bytes.buffer);
  if (t.dtype === 'int8') return new Int8Array(bytes.buffer);
  throw new Error(`unexpected weight dtype ${t.dtype}`);
}

export interface WeightCount {
  name: string;
  dtype: string;
  values: Float32Array | Int8Array;
  zeros: number;
}

/**
 * The constant weight of every linear layer, found by graph structure (not by names):
 * MatMul's B, DequantizeLinear's int8 input feeding a MatMul's B, MatMulInteger's B.
 */
export function linearWeights(model: GraphModel): WeightCount[] {
  const g = model.graph;
  const producer = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const names: string[] = [];
  for (const n of g.nodes) {
    const b = n.inputs[1] ?? '';
    if (n.opType === 'MatMulInteger' && g.initializers.has(b)) names.push(b);
    if (n.opType !== 'MatMul') continue;
    if (g.initializers.has(b)) names.push(b);
    const dq = producer.get(b);
    if (dq?.opType === 'DequantizeLinear' && g.initializers.has(dq.inputs[0]!))
      names.push(dq.inputs[0]!);
  }
  return names.map((name) => {
    const t = g.initializers.get(name)!;
    const values = decode(t);
    let zeros = 0;
    for (const v of values) if (v === 0) zeros++;
    return { name, dtype: t.dtype, values, zeros };
  });
}

/** Write, then read back through the ONNX importer: what a user of the file would see. */
export function roundTrip(model: GraphModel): { bytes: Uint8Array; model: GraphModel } {
  const bytes = writeOnnx(model);
  return { bytes, model: readOnnx(bytes, null) };
}

/** Deterministic token ids below vocab. */
export function tokenIds(seq: number, vocab: number, salt = 0): number[] {
  return Array.from({ length: seq }, (_, i) => (i * 7919 + salt * 104729 + 13) % vocab);
}
