import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
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
  softmaxRows(src: number, dst: number, rows: number, cols: number, r0: number, r1: number): void;
  layerNormRows(
    src: number,
    dst: number,
    rows: number,
    cols: number,
    gamma: number,
    beta: number,
    eps: number,
    r0: number,
    r1: number,
  ): void;
  erfArray(src: number, dst: number, n: number): void;
  geluArray(src: number, dst: number, n: number, tanhForm: number, i0: number, i1: number): void;
  /** Same arguments as the native attention kernel, plus this thread's scratch offset. */
  attention(...args: number[]): void;
  attentionScratch(T: number, d: number): number;
  relaxedProbe(out: number): number;
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
  quantizeF32(
    src: number,
    dst: number,
    n: number,
    scale: number,
    zp: number,
    signed: number,
    i0: number,
    i1: number,
  ): void;
  minMaxF32(src: number, n: number, out: number): void;
  heapBase(): number;
}

const compiled = new Map<boolean, WebAssembly.Module>();

function wasmFile(relaxed: boolean): string {
  return distPath('wasm', relaxed ? 'kernels-relaxed.wasm' : 'kernels.wasm');
}

/** The compiled kernel module, baseline or relaxed SIMD (compiled once per thread). */
export function kernelModule(relaxed = false): WebAssembly.Module {
  const have = compiled.get(relaxed);
  if (have) return have;
  const file = wasmFile(relaxed);
  if (!existsSync(file)) {
    throw new UserError(
      'EngineUnavailable',
      `The builtin engine's kernels are not built (${file} is missing).`,
      'Run `node scripts/build.mjs wasm` (the `sparsescope` launcher does it automatically).',
    );
  }
  const m = new WebAssembly.Module(readFileSync(file));
  compiled.set(relaxed, m);
  return m;
}

/** The kernel modules a parent thread hands to the workers it starts (structured-cloneable). */
export interface SharedKernelModules {
  base: WebAssembly.Module;
  relaxed: WebAssembly.Module | null;
}

/**
 * This thread's compiled kernel modules, for worker threads to adopt instead of compiling
 * their own: V8 keeps ~30 KB of native memory for every module a short-lived worker compiles
 * and instantiates (a host running sweeps grew ~60 MB/h from it, test/perf/soak.mjs), while
 * instances of a module compiled once and passed in are freed with their worker.
 */
export function shareKernelModules(): SharedKernelModules {
  return { base: kernelModule(false), relaxed: relaxedSimd().ok ? kernelModule(true) : null };
}

/** Use the parent's compiled modules in this thread (see shareKernelModules). */
export function adoptKernelModules(m: SharedKernelModules): void {
  compiled.set(false, m.base);
  if (m.relaxed) compiled.set(true, m.relaxed);
}

/** A fresh shared memory and a kernel instance over it. */
export function instantiateKernels(relaxed = false): {
  memory: WebAssembly.Memory;
  k: KernelExports;
  module: WebAssembly.Module;
} {
  const module = kernelModule(relaxed);
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: abortHook } });
  return { memory, k: instance.exports as unknown as KernelExports, module };
}

function abortHook(): never {
  throw new WebAssembly.RuntimeError('kernel aborted');
}

/** ok: relaxed kernels usable; dotAdd: i32x4.relaxed_dot_i8x16_i7x16_add_s is correct here. */
export type RelaxedStatus = { ok: true; dotAdd: boolean } | { ok: false; reason: string };

let relaxedStatus: RelaxedStatus | undefined;

/**
 * Whether the relaxed-SIMD build runs here. Node 20 keeps relaxed SIMD behind a V8 flag,
 * which the process may set for itself before compiling (flags are process-wide, so worker
 * threads see it too); newer Node and Electron have it on. The module's probe then checks the
 * instructions compute what the kernels expect.
 */
export function relaxedSimd(): RelaxedStatus {
  if (relaxedStatus) return relaxedStatus;
  const file = wasmFile(true);
  if (!existsSync(file))
    return (relaxedStatus = { ok: false, reason: `${path.basename(file)} is not built` });
  const bytes = readFileSync(file);
  if (!WebAssembly.validate(bytes)) setFlagsFromString('--experimental-wasm-relaxed-simd');
  if (!WebAssembly.validate(bytes))
    return (relaxedStatus = { ok: false, reason: 'this runtime has no relaxed SIMD' });
  try {
    const { memory, k } = instantiateKernels(true);
    const out = k.heapBase() + 64;
    new Uint8Array(memory.buffer).fill(0, out, out + 16);
    k.relaxedProbe(out);
    const f = new Float32Array(memory.buffer, out, 1)[0];
    const [, dot, dotAdd] = new Int32Array(memory.buffer, out, 3);
    if (f !== 10 || dot !== -600)
      return (relaxedStatus = { ok: false, reason: `relaxed SIMD probe gave ${f}, ${dot}` });
    return (relaxedStatus = { ok: true, dotAdd: dotAdd === 4 * -300 + 7 });
  } catch (err) {
    return (relaxedStatus = { ok: false, reason: (err as Error).message });
  }
}
