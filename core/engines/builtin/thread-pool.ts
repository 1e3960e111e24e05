import { Worker } from 'node:worker_threads';

/** Kernels that take an output-column range [n0, n1) and can be split across threads. */
export const SPLIT_KERNELS = ['matmulPacked', 'spmmF32', 'matmulI8', 'spmmI8'] as const;
export type SplitKernel = (typeof SPLIT_KERNELS)[number];

/** Control block layout (Int32 slots; float64 argument slots follow at byte 64). */
const SEQ = 0,
  FN = 1,
  NARGS = 2,
  N0_AT = 3,
  DONE = 4,
  PARTS = 5,
  ALIGN = 6,
  TOTAL = 7;
export const CTRL_BYTES = 64 + 16 * 8;

/**
 * The worker: instantiates the same kernel module over the same shared memory, then sleeps
 * on the control block (Atomics.wait) and runs its share of each posted job. Plain JS so it
 * runs the same from sources (tests) and from the bundle, with no file to locate.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl, part, names } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } });
const fns = names.map((n) => inst.exports[n]);
const i32 = new Int32Array(memory.buffer, ctrl, 16);
const f64 = new Float64Array(memory.buffer, ctrl + 64, 16);
let seen = 0;
for (;;) {
  Atomics.wait(i32, ${SEQ}, seen);
  seen = Atomics.load(i32, ${SEQ});
  const fn = i32[${FN}];
  if (fn < 0) break;
  const parts = i32[${PARTS}], align = i32[${ALIGN}], total = i32[${TOTAL}], at = i32[${N0_AT}];
  const chunk = Math.ceil(total / parts / align) * align;
  const n0 = Math.min(total, part * chunk), n1 = Math.min(total, n0 + chunk);
  if (n0 < n1) {
    const args = Array.from(f64.subarray(0, i32[${NARGS}]));
    args[at] = n0;
    args[at + 1] = n1;
    try { fns[fn](...args); } catch (e) { i32[15] = 1; }
  }
  Atomics.add(i32, ${DONE}, 1);
  Atomics.notify(i32, ${DONE});
}
`;

/**
 * Worker threads sharing one session's memory. A job splits a kernel's output columns into
 * `threads` parts: the calling thread runs part 0 while the workers run the rest, then it
 * blocks on the control block until all are done (runs are synchronous anyway).
 */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly ctrl: number,
    readonly threads: number,
  ) {
    this.i32 = new Int32Array(memory.buffer, ctrl, 16);
    this.f64 = new Float64Array(memory.buffer, ctrl + 64, 16);
    this.i32.fill(0);
    for (let part = 1; part < threads; part++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, ctrl, part, names: [...SPLIT_KERNELS] },
      });
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * Run fn(args) split over output columns: args[n0At], args[n0At + 1] are replaced by each
   * part's [n0, n1) within [0, total), part boundaries multiples of `align`.
   */
  run(
    fn: SplitKernel,
    call: (...args: number[]) => void,
    args: number[],
    n0At: number,
    total: number,
    align: number,
  ): void {
    const { i32, f64 } = this;
    const parts = this.threads;
    const chunk = Math.ceil(total / parts / align) * align;
    if (chunk >= total) {
      call(...args);
      return;
    }
    f64.set(args);
    i32[FN] = SPLIT_KERNELS.indexOf(fn);
    i32[NARGS] = args.length;
    i32[N0_AT] = n0At;
    i32[PARTS] = parts;
    i32[ALIGN] = align;
    i32[TOTAL] = total;
    i32[15] = 0;
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    const own = [...args];
    own[n0At] = 0;
    own[n0At + 1] = Math.min(total, chunk);
    call(...own);
    const workers = this.workers.length;
    for (let done = Atomics.load(i32, DONE); done < workers; done = Atomics.load(i32, DONE))
      Atomics.wait(i32, DONE, done, 1000);
    if (i32[15]) throw new WebAssembly.RuntimeError(`${fn} failed in a worker thread`);
  }

  async close(): Promise<void> {
    this.i32[FN] = -1;
    Atomics.add(this.i32, SEQ, 1);
    Atomics.notify(this.i32, SEQ);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  get ctrlOffset(): number {
    return this.ctrl;
  }
}
