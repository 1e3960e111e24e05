import { graphFacts } from '../model/input-facts';
import { openModelFile } from '../model/registry';
import { makeFeeds } from '../model/feeds';
import type { ShapeSpec } from '../model/shape-spec';
import { createEngine } from '../engines/create-engine';
import type { EngineId } from '../api/names';
import type { HostTensor, SessionOptions } from '../engines/engine';
import { diffOutputs, type Judge, type OutputDiff } from '../engines/builtin/tensor-diff';

export interface CompareOptions {
  seq: number;
  batch: number;
  sparseRate: number | null;
  /** Float outputs pass when max|a − b| ≤ atol + rtol·max|b| (the second engine is b). */
  atol: number;
  rtol?: number;
  /** Outputs of a quantized (INT8) model pass on cosine similarity ≥ this instead. */
  minCosine?: number;
  /** --shape and --dim: input dims beyond batch/seq. */
  shapes?: ShapeSpec;
  dims?: Record<string, number>;
  seed?: number;
}

export interface CompareResult {
  engines: [EngineId, EngineId];
  /** Per engine its session notes; under `feeds`, the dims that were given defaults. */
  notes: Record<string, string[]>;
  /** How float outputs were judged: tolerance, or cosine for a quantized model. */
  judge: Judge;
  diffs: OutputDiff[];
  ok: boolean;
}

/** Ops whose presence makes a model quantized: its outputs are judged by cosine. */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear',
  'DynamicQuantizeLinear',
  'MatMulInteger',
  'QLinearMatMul',
  'MatMulIntegerToFloat',
  'DynamicQuantizeMatMul',
  'QAttention',
]);

/** Run the same generated feeds through two engines and compare every output (by name). */
export async function compareEngines(
  modelPath: string,
  engines: [EngineId, EngineId],
  o: CompareOptions,
): Promise<CompareResult> {
  const model = await openModelFile(modelPath);
  const quantized = model.graph.nodes.some((n) => QUANTIZED_OPS.has(n.opType));
  const feedNotes: string[] = [];
  const feeds: Record<string, HostTensor> = makeFeeds(graphFacts(model), {
    batch: o.batch,
    seq: o.seq,
    seed: o.seed ?? 1,
    ...(o.shapes ? { shapes: o.shapes } : {}),
    ...(o.dims ? { dims: o.dims } : {}),
    notes: feedNotes,
  });
  const options: SessionOptions = { threads: 1, sparseRate: o.sparseRate };
  const outputs: Record<string, HostTensor>[] = [];
  const notes: Record<string, string[]> = feedNotes.length ? { feeds: feedNotes } : {};
  for (const id of engines) {
    const session = await createEngine(id).load(modelPath, options);
    try {
      outputs.push(await session.run(feeds));
      notes[id] = [...session.notes];
    } finally {
      await session.close();
    }
  }
  const judge: Judge = quantized
    ? { kind: 'cosine', minCosine: o.minCosine ?? 0.999 }
    : { kind: 'tensor' };
  const tol = { atol: o.atol, rtol: o.rtol ?? 0 };
  const [a, b] = outputs as [Record<string, HostTensor>, Record<string, HostTensor>];
  const diffs = Object.keys(b).map((name) => {
    const got = a[name];
    if (!got) {
      const t = b[name]!;
      return {
        name,
        dtype: t.dtype,
        dims: [...t.dims],
        problem: `not produced by ${engines[0]}`,
        maxAbs: NaN,
        maxRel: NaN,
        cosine: NaN,
        mismatches: NaN,
        ok: false,
      };
    }
    return diffOutputs(name, got, b[name]!, tol, judge);
  });
  return { engines, notes, judge, diffs, ok: diffs.every((d) => d.ok) };
}
