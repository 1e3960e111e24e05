import { countEqual } from '../../../model/zero-fraction';
import type { Runtime } from '../runtime';

/**
 * Constant MatMul weights packed once at load, dense or sparse, FP32 or INT8. W is K×N
 * (row-major), or N×K when `transposed` (Gemm transB). Every packed form is pinned in the
 * session's wasm memory.
 */

export type PackedF32 =
  | { kind: 'dense'; K: number; N: number; panels: number; bias: number }
  | {
      kind: 'sparse';
      K: number;
      N: number;
      colPtr: number;
      rowIdx: number;
      vals: number;
      nnz: number;
      bias: number;
    };

export type PackedI8 =
  | { kind: 'dense'; K: number; N: number; Kp: number; w: number }
  | {
      kind: 'sparse';
      K: number;
      N: number;
      colPtr: number;
      rowIdx: number;
      vals: number;
      nnz: number;
    };

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** Fraction of entries equal to `zero` (the quantized zero for int8 weights). */
export function sparsityOf(w: ArrayLike<number>, zero = 0): number {
  return w.length === 0 ? 0 : countEqual(w, zero) / w.length;
}

/** The packing decision in words, e.g. "sparse fp32 (sparsity 0.80 ≥ 0.5)". */
export function chooseSparse(
  sparsity: number,
  rate: number | null,
  kind: string,
): { sparse: boolean; why: string } {
  const s = sparsity.toFixed(2);
  if (rate === null || rate >= 1)
    return { sparse: false, why: `dense ${kind} (sparsity ${s}; sparse packing off)` };
  if (sparsity >= rate) return { sparse: true, why: `sparse ${kind} (sparsity ${s} ≥ ${rate})` };
  return { sparse: false, why: `dense ${kind} (sparsity ${s} < ${rate})` };
}

/** A bias padded to whole 8-column panels (the dense kernel loads it two vectors at a time). */
function pinBias(rt: Runtime, bias: Float32Array | null, N: number): number {
  if (!bias) return 0;
  const p = rt.pinAlloc(roundUp(N, 8) * 4);
  rt.f32(p, N).set(bias);
  return p;
}

export function packF32(
  rt: Runtime,
  w: Float32Array,
  K: number,
  N: number,
  transposed: boolean,
  sparse: boolean,
  bias: Float32Array | null,
): PackedF32 {
  const at = (k: number, n: number): number => (transposed ? w[n * K + k]! : w[k * N + n]!);
  const biasPtr = pinBias(rt, bias, N);
  if (!sparse) {
    const panels = rt.pinAlloc(roundUp(N, 8) * K * 4);
    const src = rt.scratch(w.length * 4);
    rt.f32(src, w.length).set(w);
    rt.k.packB(src, K, N, transposed ? K : N, transposed ? 1 : 0, panels);
    rt.endNode();
    return { kind: 'dense', K, N, panels, bias: biasPtr };
  }
  const colPtr = new Int32Array(N + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const v = at(k, n);
      if (v !== 0) {
        rows.push(k);
        vals.push(v);
      }
    }
    colPtr[n + 1] = rows.length;
  }
  return {
    kind: 'sparse',
    K,
    N,
    colPtr: rt.pinBytes(new Uint8Array(colPtr.buffer)),
    rowIdx: rt.pinBytes(new Uint8Array(Int32Array.from(rows).buffer)),
    vals: rt.pinBytes(new Uint8Array(Float32Array.from(vals).buffer)),
    nnz: rows.length,
    bias: biasPtr,
  };
}

/** out[M×N] = A[M×K] · W (+ bias), A and out in wasm memory. */
export function runF32(rt: Runtime, p: PackedF32, a: number, M: number, out: number): void {
  if (M === 0) return;
  if (p.kind === 'dense') {
    rt.split(
      'matmulPacked',
      [a, p.K, p.panels, out, p.N, M, p.K, p.N, 0, p.N, p.bias],
      8,
      p.N,
      M * p.K * p.N,
    );
    return;
  }
  const Mp = roundUp(M, 4);
  const at = rt.scratch(p.K * Mp * 4);
  // Padding lanes (tokens M..Mp) hold garbage; SIMD lanes are independent and never stored.
  rt.k.transposeF32(a, M, p.K, at, Mp);
  rt.split(
    'spmmF32',
    [at, Mp, M, p.colPtr, p.rowIdx, p.vals, out, p.N, 0, p.N, p.bias],
    8,
    p.N,
    M * p.nnz,
  );
}

/**
 * Int8/uint8 weights (raw values `w`, zero points per column or one for all) as int16
 * (w - zw), dense rows or sparse columns holding only entries where w ≠ zw.
 */
export function packI8(
  rt: Runtime,
  w: Int8Array | Uint8Array,
  K: number,
  N: number,
  transposed: boolean,
  zp: ArrayLike<number> | null,
  sparse: boolean,
): PackedI8 {
  const z = (n: number): number => (zp ? (zp.length === 1 ? zp[0]! : zp[n]!) : 0);
  if (!sparse) {
    const Kp = roundUp(Math.max(K, 1), 8);
    const wp = rt.pinAlloc(N * Kp * 2);
    const src = rt.scratch(w.length);
    new Uint8Array(rt.buffer, src, w.length).set(new Uint8Array(w.buffer, w.byteOffset, w.length));
    const zps = rt.scratch(N * 4);
    const zv = rt.i32(zps, N);
    for (let n = 0; n < N; n++) zv[n] = z(n);
    rt.k.packI8Weights(
      src,
      K,
      N,
      transposed ? K : N,
      transposed ? 1 : 0,
      w instanceof Int8Array ? 1 : 0,
      zps,
      1,
      wp,
      Kp,
    );
    rt.endNode();
    return { kind: 'dense', K, N, Kp, w: wp };
  }
  const colPtr = new Int32Array(N + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  for (let n = 0; n < N; n++) {
    const zn = z(n);
    for (let k = 0; k < K; k++) {
      const v = transposed ? w[n * K + k]! : w[k * N + n]!;
      if (v !== zn) {
        rows.push(k);
        vals.push(v - zn);
      }
    }
    colPtr[n + 1] = rows.length;
  }
  return {
    kind: 'sparse',
    K,
    N,
    colPtr: rt.pinBytes(new Uint8Array(colPtr.buffer)),
    rowIdx: rt.pinBytes(new Uint8Array(Int32Array.from(rows).buffer)),
    vals: rt.pinBytes(new Uint8Array(Int16Array.from(vals).buffer)),
    nnz: rows.length,
  };
}

/** How the int8 product's int32 sums leave the kernel. */
export type I8Output =
  { mode: 'int32' } | { mode: 'float'; scale: number; sa: number; bias: number };

/** out[M×N] from int8/uint8 activations a (bytes in wasm memory) with zero point za. */
export function runI8(
  rt: Runtime,
  p: PackedI8,
  a: number,
  aSigned: boolean,
  za: number,
  M: number,
  out: number,
  o: I8Output,
): void {
  if (M === 0) return;
  const mode = o.mode === 'int32' ? 0 : 1;
  const scale = o.mode === 'float' ? o.scale : 0;
  const sa = o.mode === 'float' ? o.sa : 0;
  const bias = o.mode === 'float' ? o.bias : 0;
  if (p.kind === 'dense') {
    const aq = rt.scratch(M * p.Kp * 2);
    rt.k.prepI8Rows(a, M, p.K, aSigned ? 1 : 0, za, aq, p.Kp);
    rt.split(
      'matmulI8',
      [aq, p.w, p.Kp, M, 0, p.N, out, p.N, mode, scale, sa, bias],
      4,
      p.N,
      M * p.Kp * p.N,
    );
    return;
  }
  const Mp = roundUp(M, 8);
  const at = rt.scratch(p.K * Mp * 2);
  rt.k.prepI8Cols(a, M, p.K, aSigned ? 1 : 0, za, at, Mp);
  rt.split(
    'spmmI8',
    [at, Mp, M, p.colPtr, p.rowIdx, p.vals, out, p.N, 0, p.N, mode, scale, sa, bias],
    8,
    p.N,
    M * p.nnz,
  );
}
