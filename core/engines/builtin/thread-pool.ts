import { Worker } from 'node:worker_threads';
import {
  NATIVE_ARG_SLOTS,
  NATIVE_KERNELS,
  WASM_SPLIT_KERNELS,
  type KernelRef,
  type SplitSpec,
} from './kernel-call';

/**
 * Control block: Int32 job slots (bytes 0–63), the claim word (BigInt64 at 64: job sequence
 * number in the high half, next chunk in the low half), the job's float64 arguments (at 128),
 * then one native argument block per thread.
 */
const SEQ = 0,
  FN = 1,
  NARGS = 2,
  RANGE_AT = 3,
  FINISHED = 4,
  CHUNKS = 5,
  CHUNK = 6,
  TOTAL = 7,
  LIB = 8,
  ISA = 9,
  SCRATCH_AT = 10,
  SCRATCH_STRIDE = 11,
  FAILED = 15;
const CLAIM_AT = 64;
const ARGS_AT = 128;
const BLOCK_BYTES = NATIVE_ARG_SLOTS * 8;
/**
 * How long a thread spins for the next job (or for its helpers' chunks) before sleeping, in
 * ms — across the gaps between the ops of one run and between back-to-back runs, as OpenMP's
 * block time (200 ms by default) and ORT's spinning pools do. Waking a sleeping thread costs
 * a futex wake and, on a VM, the wake-up of an idle vCPU: spinning 0.2 ms, 2 threads ran a
 * 90%-sparse INT8 BERT-base at 0.66× the speed of 1; spinning 50 ms, at 1.27–1.37×
 * (measured interleaved, seq 64). An idle session's helpers sleep after this long.
 */
const SPIN_MS = 50;
/** Chunks per thread: enough that a late or slow thread's share is taken by the others. */
const CHUNKS_PER_THREAD = 4;

export function controlBytes(threads: number): number {
  return ARGS_AT + BLOCK_BYTES * (1 + threads);
}

/**
 * The worker: instantiates the same kernel module over the same shared memory (and loads the
 * native addon, context-aware, when the session uses it), then takes chunks of each job. A
 * chunk is claimed by a compare-and-swap on the claim word, which carries the job's sequence
 * number: a worker that wakes late, or reads a job being replaced, fails the swap and takes
 * nothing. It spins before sleeping (SPIN_MS): the ops of one inference, and the runs of
 * a benchmark, follow each other within microseconds, and a wake-up costs far more. Plain
 * JS so it runs the same from sources (tests) and from the bundle, with no file to locate.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl, part, names, nativePath } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } });
const fns = names.map((n) => inst.exports[n]);
const addon = nativePath ? require(nativePath) : null;
if (addon) addon.bind(new Uint8Array(memory.buffer));
const i32 = new Int32Array(memory.buffer, ctrl, 16);
const claim = new BigInt64Array(memory.buffer, ctrl + ${CLAIM_AT}, 1);
const f64 = new Float64Array(memory.buffer, ctrl + ${ARGS_AT}, ${NATIVE_ARG_SLOTS});
const own = ctrl + ${ARGS_AT + BLOCK_BYTES} + part * ${BLOCK_BYTES};
const ownArgs = new Float64Array(memory.buffer, own, ${NATIVE_ARG_SLOTS});
let seen = 0;
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(i32, ${SEQ}) === seen && performance.now() < until);
  if (Atomics.load(i32, ${SEQ}) === seen) Atomics.wait(i32, ${SEQ}, seen);
  seen = Atomics.load(i32, ${SEQ});
  const fn = i32[${FN}];
  if (fn < 0) break;
  const tag = BigInt(seen >>> 0) << 32n;
  const chunks = i32[${CHUNKS}], chunk = i32[${CHUNK}], total = i32[${TOTAL}], at = i32[${RANGE_AT}];
  const lib = i32[${LIB}], isa = i32[${ISA}], sAt = i32[${SCRATCH_AT}];
  const args = Array.from(f64.subarray(0, i32[${NARGS}]));
  if (sAt >= 0) args[sAt] += part * i32[${SCRATCH_STRIDE}];
  for (;;) {
    const v = Atomics.load(claim, 0);
    if ((v & ~0xffffffffn) !== tag) break;
    const idx = Number(v & 0xffffffffn);
    if (idx >= chunks) break;
    if (Atomics.compareExchange(claim, 0, v, v + 1n) !== v) continue;
    args[at] = idx * chunk;
    args[at + 1] = Math.min(total, (idx + 1) * chunk);
    try {
      if (lib === 0) fns[fn](...args);
      else { ownArgs.set(args); addon.call(isa, fn, own); }
    } catch (e) { i32[${FAILED}] = 1; }
    Atomics.add(i32, ${FINISHED}, 1);
    Atomics.notify(i32, ${FINISHED});
  }
}
`;

/**
 * Worker threads sharing one session's memory. A job cuts a kernel's range (output columns,
 * rows, attention heads) into aligned chunks that every thread — the calling one included —
 * claims until none are left; the caller then waits for chunks still running. A worker the
 * OS has not scheduled yet simply gets no chunks, so a busy machine slows a split down to
 * one thread's speed instead of stalling it.
 */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly i32: Int32Array;
  private readonly claim: BigInt64Array;
  private readonly f64: Float64Array;
  private seq = 0;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    ctrl: number,
    readonly threads: number,
    nativePath: string | null,
  ) {
    this.i32 = new Int32Array(memory.buffer, ctrl, 16);
    this.claim = new BigInt64Array(memory.buffer, ctrl + CLAIM_AT, 1);
    this.f64 = new Float64Array(memory.buffer, ctrl + ARGS_AT, NATIVE_ARG_SLOTS);
    this.i32.fill(0);
    for (let part = 1; part < threads; part++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, ctrl, part, names: [...WASM_SPLIT_KERNELS], nativePath },
      });
      w.unref();
      this.workers.push(w);
    }
  }

  /** Byte offset of thread `part`'s native argument block inside a control area at `ctrl`. */
  static nativeArgsOffset(ctrl: number, part: number): number {
    return ctrl + ARGS_AT + BLOCK_BYTES * (1 + part);
  }

  /** Split one call; `callOwn` runs a chunk on the calling thread (thread 0). */
  run(ref: KernelRef, args: number[], s: SplitSpec, callOwn: (args: number[]) => void): void {
    const { i32, f64, claim } = this;
    const units = Math.ceil(s.total / s.align);
    const chunks = Math.min(units, this.threads * CHUNKS_PER_THREAD);
    const chunk = Math.ceil(units / chunks) * s.align;
    const count = Math.ceil(s.total / chunk);
    // Close the previous job's claims before its arguments are overwritten.
    Atomics.store(claim, 0, (BigInt(this.seq >>> 0) << 32n) | 0xffffffffn);
    const seq = (this.seq = (this.seq + 1) | 0);
    f64.set(args);
    i32[LIB] = ref.lib === 'wasm' ? 0 : 1;
    i32[FN] =
      ref.lib === 'wasm' ? WASM_SPLIT_KERNELS.indexOf(ref.name) : NATIVE_KERNELS.indexOf(ref.name);
    i32[ISA] = ref.lib === 'native' ? ref.isa : 0;
    i32[NARGS] = args.length;
    i32[RANGE_AT] = s.rangeAt;
    i32[CHUNKS] = count;
    i32[CHUNK] = chunk;
    i32[TOTAL] = s.total;
    i32[SCRATCH_AT] = s.scratchAt ?? -1;
    i32[SCRATCH_STRIDE] = s.scratchStride ?? 0;
    i32[FAILED] = 0;
    Atomics.store(i32, FINISHED, 0);
    const tag = BigInt(seq >>> 0) << 32n;
    Atomics.store(claim, 0, tag);
    Atomics.store(i32, SEQ, seq);
    Atomics.notify(i32, SEQ);
    const own = [...args];
    for (;;) {
      const v = Atomics.load(claim, 0);
      const idx = Number(v & 0xffffffffn);
      if (idx >= count) break;
      if (Atomics.compareExchange(claim, 0, v, v + 1n) !== v) continue;
      own[s.rangeAt] = idx * chunk;
      own[s.rangeAt + 1] = Math.min(s.total, (idx + 1) * chunk);
      callOwn(own);
      Atomics.add(i32, FINISHED, 1);
    }
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(i32, FINISHED) < count && performance.now() < until);
    for (let done = Atomics.load(i32, FINISHED); done < count; done = Atomics.load(i32, FINISHED))
      Atomics.wait(i32, FINISHED, done, 1000);
    if (i32[FAILED]) throw new WebAssembly.RuntimeError(`${ref.name} failed in a worker thread`);
  }

  async close(): Promise<void> {
    Atomics.store(this.claim, 0, (BigInt(this.seq >>> 0) << 32n) | 0xffffffffn);
    this.i32[FN] = -1;
    Atomics.store(this.i32, SEQ, (this.seq + 1) | 0);
    Atomics.notify(this.i32, SEQ);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
