import type { Epilogue, KernelInfo, TierId } from '../kernel-info';
import type { KernelHost } from './kernel-host';
import type { ActivationQuant, RowKernels } from './row-kernels';

export type { ActivationQuant, LayerNormArgs } from './row-kernels';

/** Layer norm, softmax, GELU and the quantizer: the same on both tiers (row-kernels.ts). */
type RowOps = Pick<RowKernels, 'layerNorm' | 'softmax' | 'gelu' | 'quantize'>;

/** A constant weight packed at load for one tier; it runs itself on that tier's kernels. */
export interface PackedF32 {
  K: number;
  N: number;
  kernel: KernelInfo;
  /**
   * out[M×N] = a[M×K] · W (+ bias), then the epilogue; a and out are offsets in memory.
   * `layout` (honoured where `colsLayout`, and only without a residual) says whether out is
   * written row-major, as the column layout the next such product reads, or both.
   */
  run(rt: KernelHost, a: number, M: number, out: number, epi: Epilogue, layout?: OutLayout): void;
  /**
   * Reads its input through a column layout derived from it, and can write its own output in
   * that layout as it goes (sparing the next such product its layout pass).
   */
  colsLayout?: boolean;
}

/**
 * How a float product's output is stored: 'cols' when its only reader is a `colsLayout`
 * product (the row-major block is then left unwritten), 'both' when others read it too.
 */
export type OutLayout = 'rows' | 'cols' | 'both';

/** How an int8 product's int32 sums leave the kernel. */
export type I8Output =
  { mode: 'int32' } | { mode: 'float'; scale: number; sa: number; bias: number };

export interface PackedI8 {
  K: number;
  N: number;
  kernel: KernelInfo;
  /** Set when asked for sparse but packed dense: why the dense kernel is the faster one. */
  denseWhy?: string;
  /** How a sparse weight is held, when the tier has more than one format (for the notes). */
  format?: string;
  /**
   * out[M×N] from int8/uint8 activations a (zero point za), then the epilogue (float mode);
   * with `quant`, a is float32 and quantized first (once per activation, like every layout).
   */
  run(
    rt: KernelHost,
    a: number,
    aSigned: boolean,
    za: number,
    M: number,
    out: number,
    o: I8Output,
    epi: Epilogue,
    quant?: ActivationQuant,
  ): void;
}

/** A constant fp32 weight: K×N row-major, or N×K when `transposed` (Gemm transB). */
export interface F32Weight {
  w: Float32Array;
  K: number;
  N: number;
  transposed: boolean;
}

/** An int8 weight as packers see it: raw values and zero points per column (or one). */
export interface I8Weight {
  w: Int8Array | Uint8Array;
  K: number;
  N: number;
  transposed: boolean;
  zp: ArrayLike<number> | null;
}

/** Fused attention over [batch·heads) units; see native/impl-attention.h for the layout. */
export interface AttentionArgs {
  q: number;
  k: number;
  v: number;
  out: number;
  S: number;
  T: number;
  batch: number;
  heads: number;
  d: number;
  ldq: number;
  ldk: number;
  ldv: number;
  ldo: number;
  scale: number;
  /** Additive mask offset or 0; element [b, i, j] at b·maskBatch + i·maskRow + j. */
  mask: number;
  maskBatch: number;
  maskRow: number;
}

/**
 * One implementation of the builtin's hot kernels. Both implementations (wasm and native)
 * take the same arguments and run on the session's shared memory; packed weights carry their
 * own run function, so ops never ask which tier they got.
 */
export interface KernelTier extends RowOps {
  readonly id: TierId;
  packF32(rt: KernelHost, w: F32Weight, sparse: boolean, bias: Float32Array | null): PackedF32;
  /** A tier that cannot hold some weight exactly hands it to the wasm tier itself. */
  packI8(rt: KernelHost, w: I8Weight, sparse: boolean): PackedI8;
  /** false when this tier has no kernel for these shapes (the caller falls back). */
  attention(rt: KernelHost, a: AttentionArgs): boolean;
}
