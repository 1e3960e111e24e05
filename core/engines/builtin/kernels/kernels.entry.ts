// The builtin engine's WebAssembly module: every export is a kernel over byte offsets into
// the imported shared memory. The TS side owns all allocation (see ../arena.ts); kernels
// never allocate, so one memory can serve several worker instances. The build compiles it
// twice: baseline SIMD (kernels.wasm) and relaxed SIMD (kernels-relaxed.wasm).
export { packB, matmulPacked, transposeF32, copyStrided32, spmmF32 } from './matmul-f32';
export { packI8Weights, prepI8Rows, prepI8Cols, matmulI8, spmmI8 } from './matmul-i8';
export { quantizeF32, minMaxF32 } from './quantize';
export { softmaxRows, layerNormRows, erfArray, geluArray, binaryRows, binaryScalar } from './rows';
export { attention, attentionScratch } from './attention';
export { relaxedProbe, peak } from './relaxed-probe';

/** First byte the kernels' own static data does not use: the arena starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
