// Kernel micro-benchmarks: each hot kernel of each tier on BERT-base shapes, in GFLOP/s (int8:
// GOP/s, dense-equivalent for sparse weights) next to that tier's measured peak — the rate of
// the instruction the kernel family is built on, from independent chains (the `peak` kernel).
import { median } from './lib.mjs';

const TIERS = ['wasm', 'wasm-relaxed', 'native-avx512', 'native-avx2', 'native-generic'];
const WINDOW_MS = 60;
const WINDOWS = 7;

/** Giga-units per second of `fn` (doing `work` units) over one short window. */
function windowRate(work, fn) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < WINDOW_MS) {
    fn();
    n++;
    now = performance.now();
  }
  return (work * n) / ((now - start) / 1000) / 1e9;
}

function randomWeights(count, sparsity, seed) {
  let s = seed >>> 0;
  const w = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const v = (s / 2 ** 32) * 2 - 1;
    w[i] = Math.abs(v) < sparsity ? 0 : v;
  }
  return w;
}

/**
 * The tier's peak probe (kind 0 fp32 multiply-add, 1 int8 dot; on AMX the int8 products run
 * on tiles, so their peak is the tile product's, kind 2) as [work, fn].
 */
function peakProbe(lib, rt, native, kind) {
  const out = rt.scratch(1024);
  const iters = 20_000;
  if (native && kind === 1 && native.addon.isas[native.isa].amx === 1) {
    const id = lib.NATIVE_KERNELS.indexOf('peak');
    // Four tile products of 16 × 16 × 64 multiply-adds (2 ops each) per iteration.
    const work = 4 * 16384 * 2 * (iters / 10);
    return [work, () => rt.callNative(id, native.isa, [2, iters / 10, out])];
  }
  if (native) {
    const id = lib.NATIVE_KERNELS.indexOf('peak');
    const lanes = native.addon.isas[native.isa].lanes;
    // fp32: 12 chains × lanes × 2 flops; int8: 12 chains × lanes × 4 multiply-adds × 2.
    const work = 12 * lanes * (kind === 0 ? 2 : 8) * iters;
    return [work, () => rt.callNative(id, native.isa, [kind, iters, out])];
  }
  return [12 * 4 * (kind === 0 ? 2 : 4) * iters, () => rt.k.peak(kind, iters, out)];
}

/**
 * Rows for one tier: [{kernel, shape, tier, gflops, peak, onPeak}]. Kernel and peak windows
 * alternate: on a shared machine a peak taken minutes apart would compare different amounts
 * of CPU.
 */
function benchTier(lib, tier, quick) {
  const sel = lib.selectTier(tier, 1);
  if (sel.tier !== tier) return [];
  const rt = new lib.Runtime(sel.setup);
  const rows = [];
  const probes = [0, 1].map((kind) => peakProbe(lib, rt, sel.setup.native, kind));
  /** Kernel and peak windows alternate; each is the median of its windows. */
  const around = (kind, work, fn) => {
    const [pw, pf] = probes[kind];
    fn();
    const g = [],
      p = [];
    for (let w = 0; w < WINDOWS; w++) {
      p.push(windowRate(pw, pf));
      g.push(windowRate(work, fn));
    }
    return { g: median(g), p: median(p) };
  };
  const shapes = quick
    ? [[64, 768, 3072]]
    : [
        [16, 768, 3072],
        [64, 768, 3072],
        [128, 3072, 768],
      ];
  for (const [M, K, N] of shapes) {
    const a = rt.alloc('float32', [M, K]);
    a.data.set(randomWeights(M * K, 0, 7));
    const out = rt.alloc('float32', [M, N]);
    const shape = `M${M} K${K} N${N}`;
    for (const sparsity of [0, 0.9]) {
      const w = randomWeights(K * N, sparsity, 11);
      const p = rt.tier.packF32(rt, { w, K, N, transposed: false }, sparsity > 0, null);
      const epi = { gelu: false, residual: 0 };
      const f = around(0, 2 * M * K * N, () => p.run(rt, a.ptr, M, out.ptr, epi));
      const kernel = sparsity ? 'sparse fp32 90% (dense-equiv.)' : 'dense fp32';
      rows.push({
        kernel,
        shape,
        tier,
        gflops: f.g,
        peak: f.p,
        onPeak: sparsity ? f.g * 0.1 : f.g,
      });
      const q = Int8Array.from(w, (v) => Math.round(v * 100));
      const a8 = rt.alloc('int8', [M, K]);
      a8.data.set(Int8Array.from(a.data, (v) => Math.round(v * 100)));
      const p8 = rt.tier.packI8(rt, { w: q, K, N, transposed: false, zp: null }, sparsity > 0);
      const o = { mode: 'int32' };
      const run8 = () => p8.run(rt, a8.ptr, true, 0, M, out.ptr, o, epi);
      const i = around(1, 2 * M * K * N, run8);
      const k8 = sparsity ? 'sparse int8 90% (dense-equiv.)' : 'dense int8';
      rows.push({ kernel: k8, shape, tier, gflops: i.g, peak: i.p, onPeak: sparsity ? null : i.g });
    }
  }
  for (const T of quick ? [128] : [128, 512]) {
    const [heads, d] = [12, 64];
    const hd = heads * d;
    const q = rt.alloc('float32', [T, hd]);
    q.data.set(randomWeights(T * hd, 0, 3));
    const o = rt.alloc('float32', [T, hd]);
    const args = { q: q.ptr, k: q.ptr, v: q.ptr, out: o.ptr, S: T, T, batch: 1, heads, d };
    const x = {
      ...args,
      ldq: hd,
      ldk: hd,
      ldv: hd,
      ldo: hd,
      scale: 0.125,
      mask: 0,
      maskBatch: 0,
      maskRow: 0,
    };
    const f = around(0, 4 * T * T * hd, () => {
      rt.tier.attention(rt, x);
      rt.endNode();
    });
    const shape = `S=T=${T} 12×64`;
    rows.push({ kernel: 'attention fp32', shape, tier, gflops: f.g, peak: f.p, onPeak: f.g });
  }
  return rows;
}

export function kernelBench(lib, quick) {
  return TIERS.flatMap((t) => benchTier(lib, t, quick));
}
