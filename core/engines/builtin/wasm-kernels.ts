import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../../api/errors';
import { distPath } from '../../util/paths';

/** The exports of kernels.entry.ts (pointers are byte offsets into the shared memory). */
export interface KernelExports {
  packB(src: number, K: number, N: number, ld: number, transposed: number, dst: number): void;
  matmulPacked(
    a: number,
    lda: number,
    bp: number,
    c: number,
    ldc: number,
    M: number,
    K: number,
    N: number,
    n0: number,
    n1: number,
    bias: number,
  ): void;
  transposeF32(src: number, rows: number, cols: number, dst: number, ldDst: number): void;
  copyStrided32(
    src: number,
    dst: number,
    d0: number,
    d1: number,
    d2: number,
    d3: number,
    s0: number,
    s1: number,
    s2: number,
    s3: number,
  ): void;
  spmmF32(
    at: number,
    Mp: number,
    M: number,
    colPtr: number,
    rowIdx: number,
    vals: number,
    c: number,
    ldc: number,
    n0: number,
    n1: number,
    bias: number,
  ): void;
  packI8Weights(
    src: number,
    K: number,
    N: number,
    ld: number,
    transposed: number,
    signed: number,
    zp: number,
    zpPerColumn: number,
    dst: number,
    Kp: number,
  ): void;
  prepI8Rows(
    src: number,
    M: number,
    K: number,
    signed: number,
    za: number,
    dst: number,
    Kp: number,
  ): void;
  prepI8Cols(
    src: number,
    M: number,
    K: number,
    signed: number,
    za: number,
    dst: number,
    Mp: number,
  ): void;
  matmulI8(
    a: number,
    w: number,
    Kp: number,
    M: number,
    n0: number,
    n1: number,
    out: number,
    ldc: number,
    mode: number,
    scale: number,
    sa: number,
    bias: number,
  ): void;
  spmmI8(
    at: number,
    Mp: number,
    M: number,
    colPtr: number,
    rowIdx: number,
    vals: number,
    out: number,
    ldc: number,
    n0: number,
    n1: number,
    mode: number,
    scale: number,
    sa: number,
    bias: number,
  ): void;
  softmaxRows(src: number, dst: number, rows: number, cols: number): void;
  layerNormRows(
    src: number,
    dst: number,
    rows: number,
    cols: number,
    gamma: number,
    beta: number,
    eps: number,
  ): void;
  erfArray(src: number, dst: number, n: number): void;
  geluArray(src: number, dst: number, n: number, tanhForm: number): void;
  binaryRows(
    a: number,
    b: number,
    dst: number,
    rows: number,
    cols: number,
    bRowStride: number,
    op: number,
    swap: number,
  ): void;
  binaryScalar(a: number, s: number, dst: number, n: number, op: number, swap: number): void;
  quantizeF32(src: number, dst: number, n: number, scale: number, zp: number, signed: number): void;
  minMaxF32(src: number, n: number, out: number): void;
  heapBase(): number;
}

export const KERNELS_WASM = 'kernels.wasm';

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel module (compiled once per process, instantiated per session). */
export function kernelModule(): WebAssembly.Module {
  if (compiled) return compiled;
  const file = distPath('wasm', KERNELS_WASM);
  if (!existsSync(file)) {
    throw new UserError(
      'EngineUnavailable',
      `The builtin engine's kernels are not built (${file} is missing).`,
      'Run `node scripts/build.mjs wasm` (the `sparsescope` launcher does it automatically).',
    );
  }
  compiled = new WebAssembly.Module(readFileSync(file));
  return compiled;
}

/** A fresh shared memory and a kernel instance over it. */
export function instantiateKernels(): { memory: WebAssembly.Memory; k: KernelExports } {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(kernelModule(), { env: { memory, abort: abortHook } });
  return { memory, k: instance.exports as unknown as KernelExports };
}

function abortHook(): never {
  throw new WebAssembly.RuntimeError('kernel aborted');
}
