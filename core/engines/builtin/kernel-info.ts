/**
 * Kernel tiers, most portable first. `wasm` is WebAssembly SIMD 128 (the correctness
 * reference), `wasm-relaxed` the same kernels built with relaxed SIMD (FMA), `native-*` the
 * Node-API addon's builds for the CPU's vector ISA.
 */
export type TierId = 'wasm' | 'wasm-relaxed' | 'native-avx512' | 'native-avx2' | 'native-generic';

export const TIER_IDS: readonly TierId[] = [
  'wasm',
  'wasm-relaxed',
  'native-avx512',
  'native-avx2',
  'native-generic',
];

/** How a plan step computes, like OpenVINO's execType: what a profile reports per node. */
export interface KernelInfo {
  /**
   * dense / sparse: matrix products with a packed constant weight; runtime: a product of two
   * run-time operands; attention: the fused attention kernel; otherwise the op family
   * (elementwise, normalization, data-movement, shape, quantize).
   */
  impl: string;
  /** Element type the kernel computes in: fp32, int8 (int32 accumulation), or the op's dtype. */
  precision: string;
  /** Where it runs: a kernel tier, or `js` for ops written in TypeScript. */
  tier: TierId | 'js';
}

/** Work fused into a matrix product after its bias: GELU, then a residual add. */
export interface Epilogue {
  gelu: boolean;
  /** Byte offset of the residual (same shape as the output), or 0 for none. */
  residual: number;
}

export const NO_EPILOGUE: Epilogue = { gelu: false, residual: 0 };

/** The epilogue flags the kernels take (SS_EPI_* in native/kernels.h). */
export function epilogueFlags(e: Epilogue): number {
  return (e.gelu ? 1 : 0) | (e.residual ? 2 : 0);
}
