/**
 * Sparse weight formats built at load (see the builtin README's design note). Builders take
 * W as K×N row-major (a transposed weight is transposed first) and scan it row by row: two
 * passes, counting then filling, so a BERT-base model packs in well under a second.
 */

type Weights = Float32Array | Int8Array | Uint8Array;

/** W (N×K when `transposed`) as K×N row-major. */
export function rowMajor<T extends Weights>(w: T, K: number, N: number, transposed: boolean): T {
  if (!transposed) return w;
  const out = new (w.constructor as new (n: number) => T)(K * N);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) out[k * N + n] = w[n * K + k]!;
  return out;
}

/** Per-column zero points as an Int32Array (null: all 0). */
export function columnZeros(zp: ArrayLike<number> | null, N: number): Int32Array {
  const z = new Int32Array(N);
  if (zp) for (let n = 0; n < N; n++) z[n] = zp.length === 1 ? zp[0]! : zp[n]!;
  return z;
}

/** Rows per block of the blocked traversal (native/impl-sparse-f32.h SP_KB). */
export const SPARSE_KB = 256;

/**
 * Plain CSC by output column (the wasm tier): column n's entries w − z at
 * colPtr[n]..colPtr[n+1], rows ascending.
 */
export function cscColumns(
  w: Weights,
  K: number,
  N: number,
  zero: Int32Array | null = null,
): { colPtr: Int32Array; rows: Int32Array; vals: Float32Array } {
  const z = zero ?? new Int32Array(N);
  const colPtr = new Int32Array(N + 1);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) if (w[k * N + n] !== z[n]) colPtr[n + 1]!++;
  for (let n = 0; n < N; n++) colPtr[n + 1]! += colPtr[n]!;
  const at = colPtr.slice(0, N);
  const rows = new Int32Array(colPtr[N]!);
  const vals = new Float32Array(colPtr[N]!);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const v = w[k * N + n]! - z[n]!;
      if (v === 0) continue;
      const p = at[n]!++;
      rows[p] = k;
      vals[p] = v;
    }
  return { colPtr, rows, vals };
}

/**
 * CSC over R rows (weight rows, or groups of four rows) with 16-bit row indices, plus
 * blockPtr [block + 1][N]: where each column's rows in each block of `blockRows` start (the
 * last row holds the column ends). Kernels walk it by blocks or down whole columns. `entry`
 * gives row r of column n (0 = empty); rows are scanned in order, row-major over W.
 */
function blockedColumns<V extends Float32Array | Int32Array>(
  R: number,
  N: number,
  blockRows: number,
  make: (count: number) => V,
  entry: (r: number, n: number) => number,
): { blockPtr: Int32Array; rows: Uint16Array; vals: V } {
  if (R > 65536) throw new Error(`sparse weights with ${R} rows exceed 16-bit row indices`);
  const blocks = Math.max(1, Math.ceil(R / blockRows));
  const colPtr = new Int32Array(N + 1);
  for (let r = 0; r < R; r++) for (let n = 0; n < N; n++) if (entry(r, n) !== 0) colPtr[n + 1]!++;
  for (let n = 0; n < N; n++) colPtr[n + 1]! += colPtr[n]!;
  const blockPtr = new Int32Array((blocks + 1) * N);
  const at = colPtr.slice(0, N);
  const rows = new Uint16Array(colPtr[N]!);
  const vals = make(colPtr[N]!);
  for (let r = 0; r < R; r++) {
    if (r % blockRows === 0) blockPtr.set(at, (r / blockRows) * N);
    for (let n = 0; n < N; n++) {
      const v = entry(r, n);
      if (v === 0) continue;
      const p = at[n]!++;
      rows[p] = r;
      vals[p] = v;
    }
  }
  blockPtr.set(at, blocks * N);
  return { blockPtr, rows, vals };
}

/** The native tier's fp32 format: blocked columns over W's rows. */
export function blockedCsc(
  w: Float32Array,
  K: number,
  N: number,
): { blockPtr: Int32Array; rows: Uint16Array; vals: Float32Array } {
  const make = (n: number) => new Float32Array(n);
  return blockedColumns(K, N, SPARSE_KB, make, (k, n) => w[k * N + n]!);
}

/**
 * The native tier's int8 format: blocked columns over groups of four rows (quads), each
 * entry the four s8 values w − zw packed little-endian (nonzero when any is), and
 * colsum[n] = Σk (w − zw).
 */
export function blockedQuads(
  w: Int8Array | Uint8Array,
  K: number,
  N: number,
  zero: Int32Array,
): { blockPtr: Int32Array; quads: Uint16Array; vals: Int32Array; colsum: Int32Array } {
  /** w − zw at (k, n), 0 past K. */
  const at = (k: number, n: number): number => (k < K ? w[k * N + n]! - zero[n]! : 0);
  const colsum = new Int32Array(N);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) colsum[n]! += at(k, n);
  const quad = (q: number, n: number): number =>
    (at(4 * q, n) & 0xff) |
    ((at(4 * q + 1, n) & 0xff) << 8) |
    ((at(4 * q + 2, n) & 0xff) << 16) |
    ((at(4 * q + 3, n) & 0xff) << 24);
  const make = (n: number) => new Int32Array(n);
  const f = blockedColumns(Math.ceil(K / 4), N, SPARSE_KB / 4, make, quad);
  return { blockPtr: f.blockPtr, quads: f.rows, vals: f.vals, colsum };
}

/**
 * Entries of a row-major [K, N] weight that differ from their column's zero point: its
 * nonzeros. Rows then columns (no modulo per entry): a BERT-base int8 model's 85M weights
 * are counted in ~0.1 s, where the per-entry modulo took 2.6 s of its load.
 */
export function countNonzeros(
  w: ArrayLike<number>,
  K: number,
  N: number,
  zero: ArrayLike<number>,
): number {
  let count = 0;
  for (let k = 0; k < K; k++) {
    const row = k * N;
    for (let n = 0; n < N; n++) if (w[row + n] !== zero[n]) count++;
  }
  return count;
}

/** Whether every w − zw fits int8 (what the native u8 × s8 dot product needs). */
export function fitsS8(w: Int8Array | Uint8Array, K: number, N: number, zero: Int32Array): boolean {
  // int8 weights with zero points of 0 fit by their type.
  if (w instanceof Int8Array && zero.every((z) => z === 0)) return true;
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const v = w[k * N + n]! - zero[n]!;
      if (v < -128 || v > 127) return false;
    }
  return true;
}
