/**
 * How the TypeScript side names a kernel: a wasm export by name, or a native kernel by its
 * index in SS_KERNEL_LIST (native/kernels.h) plus the ISA build to run.
 */
export type KernelRef =
  | { lib: 'wasm'; name: WasmSplitKernel }
  | { lib: 'native'; id: number; isa: number; name: NativeKernelName };

/** wasm exports the thread pool may split (each takes a range pair, see split()). */
export const WASM_SPLIT_KERNELS = [
  'matmulPacked',
  'spmmF32',
  'matmulI8',
  'spmmI8',
  'softmaxRows',
  'layerNormRows',
  'geluArray',
  'attention',
  'quantizeF32',
] as const;
export type WasmSplitKernel = (typeof WASM_SPLIT_KERNELS)[number];

/** The order of SS_KERNEL_LIST in native/kernels.h: the index is the kernel's id. */
export const NATIVE_KERNELS = [
  'gemmF32',
  'packF32',
  'packF32A',
  'spmmF32',
  'transpose32',
  'prepF32Cols',
  'prepI8Rows',
  'prepI8Quads',
  'packI8',
  'gemmI8',
  'spmmI8',
  'maskI8',
  'gemmI8Mask',
  'layerNormRows',
  'softmaxRows',
  'geluRows',
  'quantizeRows',
  'attention',
  'peak',
] as const;
export type NativeKernelName = (typeof NATIVE_KERNELS)[number];

/** Float64 argument slots per native call block (native/addon.c checks the same bound). */
export const NATIVE_ARG_SLOTS = 32;

/**
 * How a call may be split over threads: args[rangeAt], args[rangeAt + 1] hold [0, total)
 * and each part gets an `align`-aligned share; `scratchAt` (or -1) is a per-part scratch
 * offset advanced by `scratchStride` bytes per part (wasm kernels cannot allocate).
 */
export interface SplitSpec {
  rangeAt: number;
  total: number;
  align: number;
  /** Units of work (multiply-adds or elements): small calls run on the calling thread. */
  work: number;
  scratchAt?: number;
  scratchStride?: number;
}
