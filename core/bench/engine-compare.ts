import { loadModelFacts } from './model-facts';
import { makeFeeds } from '../model/feeds';
import { createEngine } from '../engines/create-engine';
import type { EngineId } from '../api/names';
import type { HostTensor, SessionOptions } from '../engines/engine';
import { diffOutputs, type OutputDiff } from '../engines/builtin/tensor-diff';

export interface CompareOptions {
  seq: number;
  batch: number;
  sparseRate: number | null;
  /** Tolerance on max abs diff (rtol 0): the verdict for float outputs. */
  atol: number;
  seed?: number;
}

export interface CompareResult {
  engines: [EngineId, EngineId];
  notes: Record<string, string[]>;
  diffs: OutputDiff[];
  ok: boolean;
}

/** Run the same generated feeds through two engines and compare every output (by name). */
export async function compareEngines(
  modelPath: string,
  engines: [EngineId, EngineId],
  o: CompareOptions,
): Promise<CompareResult> {
  const facts = await loadModelFacts(modelPath);
  const feeds: Record<string, HostTensor> = makeFeeds(facts, {
    batch: o.batch,
    seq: o.seq,
    seed: o.seed ?? 1,
  });
  const options: SessionOptions = { threads: 1, sparseRate: o.sparseRate };
  const outputs: Record<string, HostTensor>[] = [];
  const notes: Record<string, string[]> = {};
  for (const id of engines) {
    const session = await createEngine(id).load(modelPath, options);
    try {
      outputs.push(await session.run(feeds));
      notes[id] = [...session.notes];
    } finally {
      await session.close();
    }
  }
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
    return diffOutputs(name, got, b[name]!, { atol: o.atol, rtol: 0 });
  });
  return { engines, notes, diffs, ok: diffs.every((d) => d.ok) };
}
