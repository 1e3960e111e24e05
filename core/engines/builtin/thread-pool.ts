import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import {
  NATIVE_ARG_SLOTS,
  NATIVE_KERNELS,
  WASM_SPLIT_KERNELS,
  type KernelRef,
  type SplitSpec,
} from './kernel-call';

/**
 * Control block: the job's Int32 slots (bytes 0–63, written by the caller), the finished count,
 * failure flag and stopped-worker flag (Int32s at 64, their own cache line), the job's float64 arguments (at 128),
 * one native argument block per thread, then one claim word per thread, a cache line each.
 */
const SEQ = 0,
  FN = 1,
  NARGS = 2,
  RANGE_AT = 3,
  CHUNKS = 5,
  CHUNK = 6,
  TOTAL = 7,
  LIB = 8,
  ISA = 9,
  SCRATCH_AT = 10,
  SCRATCH_STRIDE = 11,
  PER = 12;
const DONE_AT = 64;
const ARGS_AT = 128;
const FINISHED = 0,
  FAILED = 1,
  STOPPED = 2;
/** Int32s between two threads' claim words: one cache line each. */
const CLAIM_STRIDE = 16;
/** Low bits of a claim word that count its thread's chunks (fewer than 2^CLAIM_BITS − 1). */
const CLAIM_BITS = 8;
const CLAIM_MASK = (1 << CLAIM_BITS) - 1;
const BLOCK_BYTES = NATIVE_ARG_SLOTS * 8;
const claimAt = (threads: number) => ARGS_AT + BLOCK_BYTES * (1 + threads);
/**
 * How long a thread spins for the next job (or for its helpers' chunks) before sleeping, in
 * ms — across the gaps between the ops of one run and between back-to-back runs, as OpenMP's
 * block time (200 ms by default) and ORT's spinning pools do. Waking a sleeping thread costs
 * a futex wake and, on a VM, the wake-up of an idle vCPU: spinning 0.2 ms, 2 threads ran a
 * 90%-sparse INT8 BERT-base at 0.66× the speed of 1; spinning 50 ms, at 1.27–1.37×
 * (measured interleaved, seq 64). An idle session's helpers sleep after this long.
 */
const SPIN_MS = 50;
/**
 * Chunks per thread: 2, so a late or slow thread's second half is taken over, while each chunk
 * still pays its fixed cost (claim, call, finish count) only twice. Measured against 4 on
 * 90%-sparse BERT-base at seq 64, 2 threads, interleaved: 2 and 1 were 2–4% faster than 4, and
 * within 1% of each other.
 */
const CHUNKS_PER_THREAD = 2;

export function controlBytes(threads: number): number {
  return claimAt(threads) + threads * CLAIM_STRIDE * 4;
}

/**
 * The next chunk for thread `me` of the job tagged `tag` (its sequence number above `bits`):
 * from its own run of `per` chunks first, so each thread computes the same part of every
 * kernel's range and reads back what it wrote itself, from its own cache (across cores this
 * VM moves data slowly: with chunks handed out in turn, 2 threads ran 90%-sparse BERT-base at
 * 1.45× of 1 thread, with owned runs at 1.62×); then from the other threads' runs, so a late
 * or slow thread's share is taken over. Thread p's claim word (tag, next chunk of its run) is
 * words[p·stride]. −1 when none is left. The caller and, through this function's source
 * text, the workers share it, so it may use only its parameters.
 */
export function claimChunk(
  words: Int32Array,
  me: number,
  threads: number,
  per: number,
  count: number,
  tag: number,
  bits: number,
  stride: number,
): number {
  const mask = (1 << bits) - 1;
  for (let k = 0; k < threads; k++) {
    const p = (me + k) % threads;
    const end = Math.min(per, count - p * per);
    for (;;) {
      const v = Atomics.load(words, p * stride);
      const j = v & mask;
      if ((v ^ j) !== tag || j >= end) break;
      if (Atomics.compareExchange(words, p * stride, v, v + 1) === v) return p * per + j;
    }
  }
  return -1;
}

/**
 * Spin while `busy()` holds, for at most `ms`. The clock is read only every 1024 spins: each
 * read allocates a heap number, and reading it on every spin made a helper's isolate scavenge
 * after every inference or two (BERT-base, 2 threads: 125 scavenges in 6 s, now 23). Shared
 * with the workers through its source text, like claimChunk.
 */
export function spinWhile(busy: () => boolean, ms: number): void {
  const until = performance.now() + ms;
  for (let i = 1; busy(); i++) if ((i & 1023) === 0 && performance.now() >= until) return;
}

/**
 * The worker: instantiates the same kernel module over the same shared memory (and loads the
 * native addon, context-aware, when the session uses it), then takes chunks of each job. A
 * chunk is claimed by a compare-and-swap on a claim word, which carries the job's sequence
 * number: a worker that wakes late, or reads a job being replaced, fails the swap and takes
 * nothing. It spins before sleeping (SPIN_MS): the ops of one inference, and the runs of
 * a benchmark, follow each other within microseconds, and a wake-up costs far more. Plain
 * JS so it runs the same from sources (tests) and from the bundle, with no file to locate.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl, claimAt, part, threads, names, nativePath, report } = workerData;
const done = new Int32Array(memory.buffer, ctrl + ${DONE_AT}, 3);
let closing = false;
// A worker that throws or exits outside a kernel would leave its claimed chunk unfinished and
// the caller waiting: it says why on its port and raises STOPPED, which the caller checks.
const stop = (why) => {
  if (closing) return;
  closing = true;
  report.postMessage(why);
  Atomics.store(done, ${STOPPED}, 1);
  Atomics.notify(done, ${FINISHED});
};
process.on('exit', (code) => stop('exited with code ' + code));
try {
  const inst = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } });
  const fns = names.map((n) => inst.exports[n]);
  const addon = nativePath ? require(nativePath) : null;
  if (addon) addon.bind(new Uint8Array(memory.buffer));
  const i32 = new Int32Array(memory.buffer, ctrl, 16);
  const claim = new Int32Array(memory.buffer, claimAt, threads * ${CLAIM_STRIDE});
  const claimChunk = ${claimChunk.toString()};
  const spinWhile = ${spinWhile.toString()};
  const f64 = new Float64Array(memory.buffer, ctrl + ${ARGS_AT}, ${NATIVE_ARG_SLOTS});
  const own = ctrl + ${ARGS_AT + BLOCK_BYTES} + part * ${BLOCK_BYTES};
  const ownArgs = new Float64Array(memory.buffer, own, ${NATIVE_ARG_SLOTS});
  let seen = 0;
  for (;;) {
    spinWhile(() => Atomics.load(i32, ${SEQ}) === seen, ${SPIN_MS});
    if (Atomics.load(i32, ${SEQ}) === seen) Atomics.wait(i32, ${SEQ}, seen);
    seen = Atomics.load(i32, ${SEQ});
    const fn = i32[${FN}];
    if (fn < 0) { closing = true; break; }
    const tag = (seen << ${CLAIM_BITS}) | 0;
    const chunks = i32[${CHUNKS}], chunk = i32[${CHUNK}], total = i32[${TOTAL}], at = i32[${RANGE_AT}];
    const per = i32[${PER}];
    const lib = i32[${LIB}], isa = i32[${ISA}], sAt = i32[${SCRATCH_AT}];
    const args = Array.from(f64.subarray(0, i32[${NARGS}]));
    if (sAt >= 0) args[sAt] += part * i32[${SCRATCH_STRIDE}];
    for (;;) {
      const idx = claimChunk(claim, part, threads, per, chunks, tag, ${CLAIM_BITS}, ${CLAIM_STRIDE});
      if (idx < 0) break;
      args[at] = idx * chunk;
      args[at + 1] = Math.min(total, (idx + 1) * chunk);
      try {
        if (lib === 0) fns[fn](...args);
        else { ownArgs.set(args); addon.call(isa, fn, own); }
      } catch (e) { done[${FAILED}] = 1; }
      Atomics.add(done, ${FINISHED}, 1);
      Atomics.notify(done, ${FINISHED});
    }
  }
} catch (e) { stop(String((e && e.stack) || e)); }
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
  private readonly claim: Int32Array;
  private readonly done: Int32Array;
  private readonly f64: Float64Array;
  /** Where workers say why they stopped (read synchronously: the caller may be blocked). */
  private readonly reports: MessagePort[] = [];
  private stoppedWhy: string | null = null;
  private seq = 0;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    ctrl: number,
    readonly threads: number,
    nativePath: string | null,
  ) {
    this.i32 = new Int32Array(memory.buffer, ctrl, 16);
    const claimsAt = ctrl + claimAt(threads);
    this.claim = new Int32Array(memory.buffer, claimsAt, threads * CLAIM_STRIDE);
    this.done = new Int32Array(memory.buffer, ctrl + DONE_AT, 3);
    this.f64 = new Float64Array(memory.buffer, ctrl + ARGS_AT, NATIVE_ARG_SLOTS);
    this.i32.fill(0);
    this.closeClaims();
    for (let part = 1; part < threads; part++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        transferList: [port2],
        workerData: {
          module,
          memory,
          ctrl,
          claimAt: claimsAt,
          part,
          threads,
          names: [...WASM_SPLIT_KERNELS],
          nativePath,
          report: port2,
        },
      });
      // Errors the worker's own catch cannot see (a failed start): stop the pool all the same.
      w.on('error', (e) => {
        this.stoppedWhy ??= `thread ${part}: ${String(e.stack ?? e)}`;
        Atomics.store(this.done, STOPPED, 1);
      });
      w.unref();
      port1.unref();
      this.workers.push(w);
      this.reports.push(port1);
    }
  }

  /** Byte offset of thread `part`'s native argument block inside a control area at `ctrl`. */
  static nativeArgsOffset(ctrl: number, part: number): number {
    return ctrl + ARGS_AT + BLOCK_BYTES * (1 + part);
  }

  /** Split one call; `callOwn` runs a chunk on the calling thread (thread 0). */
  run(ref: KernelRef, args: number[], s: SplitSpec, callOwn: (args: number[]) => void): void {
    const { i32, f64, claim, done } = this;
    if (done[STOPPED]) this.throwStopped(ref);
    const units = Math.ceil(s.total / s.align);
    const per = Math.min(CHUNKS_PER_THREAD, Math.ceil(units / this.threads));
    const chunk = Math.ceil(units / (per * this.threads)) * s.align;
    const count = Math.ceil(s.total / chunk);
    // Close the previous job's claims before its arguments are overwritten.
    this.closeClaims();
    const seq = (this.seq = (this.seq + 1) | 0);
    f64.set(args);
    i32[LIB] = ref.lib === 'wasm' ? 0 : 1;
    i32[FN] =
      ref.lib === 'wasm' ? WASM_SPLIT_KERNELS.indexOf(ref.name) : NATIVE_KERNELS.indexOf(ref.name);
    i32[ISA] = ref.lib === 'native' ? ref.isa : 0;
    i32[NARGS] = args.length;
    i32[RANGE_AT] = s.rangeAt;
    i32[CHUNKS] = count;
    i32[PER] = per;
    i32[CHUNK] = chunk;
    i32[TOTAL] = s.total;
    i32[SCRATCH_AT] = s.scratchAt ?? -1;
    i32[SCRATCH_STRIDE] = s.scratchStride ?? 0;
    done[FAILED] = 0;
    Atomics.store(done, FINISHED, 0);
    const tag = seq << CLAIM_BITS;
    this.setClaims(tag);
    Atomics.store(i32, SEQ, seq);
    Atomics.notify(i32, SEQ);
    const own = [...args];
    for (;;) {
      const idx = claimChunk(claim, 0, this.threads, per, count, tag, CLAIM_BITS, CLAIM_STRIDE);
      if (idx < 0) break;
      own[s.rangeAt] = idx * chunk;
      own[s.rangeAt + 1] = Math.min(s.total, (idx + 1) * chunk);
      callOwn(own);
      Atomics.add(done, FINISHED, 1);
    }
    const waiting = () => Atomics.load(done, FINISHED) < count && !Atomics.load(done, STOPPED);
    spinWhile(waiting, SPIN_MS);
    while (waiting()) Atomics.wait(done, FINISHED, Atomics.load(done, FINISHED), 1000);
    if (done[STOPPED]) this.throwStopped(ref);
    if (done[FAILED]) throw new WebAssembly.RuntimeError(`${ref.name} failed in a worker thread`);
  }

  /** A worker has stopped: its chunk may be lost, and the session would run short a thread. */
  private throwStopped(ref: KernelRef): never {
    for (let p = 0; p < this.reports.length && !this.stoppedWhy; p++) {
      const m = receiveMessageOnPort(this.reports[p]!);
      if (m) this.stoppedWhy = `thread ${p + 1}: ${String(m.message)}`;
    }
    throw new Error(
      `a builtin worker thread stopped during ${ref.name} (${this.stoppedWhy ?? 'no reason given'}); load the model again`,
    );
  }

  /** Mark every chunk of the current job taken (a late worker then claims nothing). */
  private closeClaims(): void {
    this.setClaims((this.seq << CLAIM_BITS) | CLAIM_MASK);
  }

  private setClaims(word: number): void {
    for (let p = 0; p < this.threads; p++) Atomics.store(this.claim, p * CLAIM_STRIDE, word);
  }

  async close(): Promise<void> {
    this.closeClaims();
    this.i32[FN] = -1;
    Atomics.store(this.i32, SEQ, (this.seq + 1) | 0);
    Atomics.notify(this.i32, SEQ);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.reports) p.close();
  }
}
