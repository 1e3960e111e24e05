import type { LayerCounter, NodeKernel, NodeTiming, RuntimeNode } from '../engine';

/**
 * OpenVINO's per-layer counters joined with its runtime graph, in the engine-neutral terms of
 * Session.endProfiling: each executed layer with its time, the original model nodes it
 * covers (originalLayersNames) and how it computed (execType, runtimePrecision).
 */

/** execType "brgemm_avx512_amx_sparse_i8" → impl sparse, precision i8, tier brgemm_avx512_amx. */
export function kernelOf(
  execType: string,
  layerType: string,
  precision: string | null,
): NodeKernel {
  const parts = execType.split('_');
  const last = parts.length > 1 ? parts.at(-1)!.toLowerCase() : '';
  const isPrecision = /^(f32|f16|bf16|i8|u8|i32|i64|u1|fp32|fp16|int8|dynamic|any|boolean)$/.test(
    last,
  );
  const rest = isPrecision ? parts.slice(0, -1) : parts;
  const sparse = rest.includes('sparse');
  const tier = rest.filter((p) => p !== 'sparse').join('_') || null;
  const product = layerType.startsWith('FullyConnected') || layerType === 'MatMul';
  return {
    impl: product ? (sparse ? 'sparse' : 'dense') : execType || layerType,
    precision: precision ?? (isPrecision ? last : null),
    tier,
    execType,
  };
}

/**
 * Per executed layer, its time in each run (one counters list per run), in execution order
 * where the runtime graph gives one.
 */
export function nodeTimings(
  runs: readonly (readonly LayerCounter[])[],
  graph: readonly RuntimeNode[],
): NodeTiming[] {
  const byName = new Map(graph.map((n) => [n.name, n]));
  const order = (name: string): number => byName.get(name)?.execOrder ?? Number.MAX_SAFE_INTEGER;
  const layers = new Map<string, { counter: LayerCounter; samplesMs: number[] }>();
  for (const rows of runs) {
    for (const c of rows) {
      if (c.status !== 'EXECUTED') continue;
      const layer = layers.get(c.name) ?? { counter: c, samplesMs: [] };
      layer.samplesMs.push(c.realUs / 1000);
      layers.set(c.name, layer);
    }
  }
  return [...layers.values()]
    .sort((a, b) => order(a.counter.name) - order(b.counter.name))
    .map(({ counter: c, samplesMs }) => {
      const node = byName.get(c.name);
      return {
        name: c.name,
        opType: c.layerType,
        originals: node?.originalNames ?? [],
        kernel: kernelOf(c.execType, c.layerType, node?.precision || null),
        samplesMs,
        // OpenVINO's runtime graph names producer layers, not values: inputs are those layers.
        inputs: node?.inputs.map((i) => i.from) ?? [],
        outputs: [c.name],
      };
    });
}
