import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachinePeaks } from '../../api/schemas/profile';
import { ortEngine } from '../../engines/ort/ort-engine';
import { attr, GraphBuilder } from '../../model/generate/graph-builder';
import { writeOnnx } from '../../model/onnx/onnx-writer';
import { Prng } from '../../util/prng';
import { FLOPS_PER_TURN, instantiateProbe } from './wasm-probe';

/**
 * The machine's roofs, each measured in the runtime of the engine it bounds, best of several
 * short repeats (this kind of machine is shared and noisy: the best run is the one least
 * disturbed, which is what a peak is).
 */

/** Each triad array: 3 × 128 MiB = 384 MiB, far above any last-level cache we meet (105 MiB here). */
const TRIAD_ARRAY_BYTES = 128 * 2 ** 20;
const REPEATS = 5;

function best(repeats: number, run: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

/** WebAssembly SIMD: triad bandwidth and mul+add throughput, one thread. */
export function measureWasmPeaks(arrayBytes = TRIAD_ARRAY_BYTES): MachinePeaks['wasm'] {
  const pages = Math.ceil((3 * arrayBytes + 65536) / 65536);
  const probe = instantiateProbe(pages);
  // Touch every page first: untouched pages read as one shared zero page, far faster than DRAM.
  new Uint8Array(probe.memory.buffer).fill(1);
  const [a, b, c] = [0, arrayBytes, 2 * arrayBytes];
  probe.triad(a, b, c, arrayBytes, 1.5);
  const triadMs = best(REPEATS, () => probe.triad(a, b, c, arrayBytes, 1.5));
  // Size the compute loop to ~50 ms on this machine, then take the best of the repeats.
  let turns = 1 << 20;
  const probeMs = best(1, () => probe.flops(turns, 3 * arrayBytes));
  turns = Math.max(1 << 20, Math.round((turns * 50) / Math.max(probeMs, 0.1)));
  const flopsMs = best(REPEATS, () => probe.flops(turns, 3 * arrayBytes));
  return {
    triad_gbps: (3 * arrayBytes) / (triadMs * 1e6),
    triad_bytes: 3 * arrayBytes,
    simd_fp32_gflops: (turns * FLOPS_PER_TURN) / (flopsMs * 1e6),
  };
}

/** A one-node ONNX model in a temp folder; removed by the caller. */
function tinyModel(
  build: (g: GraphBuilder) => { inputs: string[]; output: string; dims: number[][] },
): string {
  const g = new GraphBuilder();
  const { inputs, output, dims } = build(g);
  const model = g.build({
    name: 'peak',
    inputs: inputs.map((name, i) => ({ name, dtype: 'float32', shape: dims[i]! })),
    outputs: [{ name: output, dtype: 'float32', shape: null }],
    metadata: {},
    producerVersion: '0',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-peaks-'));
  const file = path.join(dir, 'peak.onnx');
  writeFileSync(file, writeOnnx(model));
  return file;
}

/**
 * ORT's own kernels: read bandwidth of a ReduceSum over 128 MiB (onnxruntime-node allocates a
 * fresh output per run, so an elementwise triad there would time page faults) and a 1024³
 * GEMM per thread count.
 */
export async function measureOrtPeaks(
  threadCounts: number[],
): Promise<NonNullable<MachinePeaks['ort']>> {
  const n = TRIAD_ARRAY_BYTES / 4;
  const readFile = tinyModel((g) => {
    g.reserve('x');
    const out = g.op('ReduceSum', 'sum', ['x'], { keepdims: attr.int(0) });
    return { inputs: ['x'], output: out, dims: [[n]] };
  });
  const size = 1024;
  const rng = new Prng(7);
  const weight = Float32Array.from({ length: size * size }, () => rng.uniform() - 0.5);
  const gemmFile = tinyModel((g) => {
    g.reserve('a');
    const w = g.constant('w', 'float32', [size, size], weight);
    const out = g.op('MatMul', 'gemm', ['a', w]);
    return { inputs: ['a'], output: out, dims: [[size, size]] };
  });
  try {
    const read = await ortEngine.load(readFile, { threads: 1 });
    const x = { dtype: 'float32' as const, dims: [n], data: new Float32Array(n).fill(1) };
    await read.run({ x });
    let readMs = Infinity;
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await read.run({ x });
      readMs = Math.min(readMs, performance.now() - t0);
    }
    await read.close();
    const gemm: NonNullable<MachinePeaks['ort']>['gemm'] = [];
    const a = { dtype: 'float32' as const, dims: [size, size], data: weight.slice() };
    for (const threads of [...new Set(threadCounts)].sort((p, q) => p - q)) {
      const s = await ortEngine.load(gemmFile, { threads });
      await s.run({ a });
      let ms = Infinity;
      for (let i = 0; i < REPEATS * 2; i++) {
        const t0 = performance.now();
        await s.run({ a });
        ms = Math.min(ms, performance.now() - t0);
      }
      await s.close();
      gemm.push({ threads, gflops: (2 * size * size * size) / (ms * 1e6) });
    }
    return {
      bandwidth_gbps: (n * 4) / (readMs * 1e6),
      bandwidth_probe: 'ORT ReduceSum read, 128 MiB',
      gemm,
    };
  } finally {
    for (const f of [readFile, gemmFile]) rmSync(path.dirname(f), { recursive: true, force: true });
  }
}
