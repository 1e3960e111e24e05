import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelRef, SplitSpec } from '../../../core/engines/builtin/kernel-call';
import { controlBytes, ThreadPool } from '../../../core/engines/builtin/thread-pool';
import { instantiateKernels } from '../../../core/engines/builtin/wasm-kernels';
import { ensureWasm } from './ensure-wasm';

/**
 * A worker that dies while it holds a chunk must not leave the caller waiting for ever. The
 * worker loads its "native addon" from a path, so a stand-in module decides how it dies: its
 * call() first raises a flag in the shared memory (so the calling thread knows a chunk is in
 * the worker's hands) and counts the chunk in the next word, then exits the thread or throws
 * the first time.
 */
const FAKE_ADDON = `
let u8, thrown = false;
exports.bind = (view) => { u8 = view; return 0; };
exports.call = (isa, fn, argsAt) => {
  const flagAt = new Float64Array(u8.buffer, argsAt, 1)[0];
  Atomics.store(new Int32Array(u8.buffer, flagAt, 1), 0, 1);
  Atomics.add(new Int32Array(u8.buffer, flagAt + 4, 1), 0, 1);
  if (fn === 0) process.exit(3);
  if (!thrown) { thrown = true; throw new Error('kernel error'); }
};
`;

let dir = '';
beforeAll(async () => {
  await ensureWasm();
  dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-pool-stop-'));
  writeFileSync(path.join(dir, 'fake-addon.cjs'), FAKE_ADDON);
  writeFileSync(path.join(dir, 'broken-addon.cjs'), "throw new Error('addon will not load');");
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 2-thread pool over fresh kernel memory, the flag and count words past its control area. */
function pool(addon: string) {
  const { memory, module, k } = instantiateKernels(false);
  const ctrl = Math.ceil(k.heapBase() / 64) * 64;
  const flagAt = ctrl + controlBytes(2) + 64;
  const p = new ThreadPool(module, memory, ctrl, 2, path.join(dir, addon));
  const flag = new Int32Array(memory.buffer, flagAt, 1);
  const workerChunks = new Int32Array(memory.buffer, flagAt + 4, 1);
  return { p, flag, flagAt, workerChunks };
}

/** 2 chunks per thread: 4 chunks of 16. */
const spec: SplitSpec = { rangeAt: 1, total: 64, align: 1, work: 1 << 20 };
/** The worker calls kernels by their index in NATIVE_KERNELS: gemmF32 is 0, packF32 1. */
const EXITS: KernelRef = { lib: 'native', id: 0, isa: 0, name: 'gemmF32' };
const THROWS: KernelRef = { lib: 'native', id: 1, isa: 0, name: 'packF32' };

/** The calling thread's chunks wait (at most 10 s) until the worker has taken one. */
const waitForWorker = (flag: Int32Array) => () => {
  const until = performance.now() + 10_000;
  while (Atomics.load(flag, 0) === 0 && performance.now() < until);
};

describe('ThreadPool: a worker that stops', () => {
  it('exiting mid-job: the run fails naming the kernel and the exit code, instead of hanging', async () => {
    const { p, flag, flagAt } = pool('fake-addon.cjs');
    try {
      expect(() => p.run(EXITS, [flagAt, 0, 0], spec, waitForWorker(flag))).toThrow(
        /worker thread stopped during gemmF32 \(thread 1: exited with code 3\)/,
      );
      expect(Atomics.load(flag, 0)).toBe(1);
      // The pool stays failed: a later run says so at once rather than running short a thread.
      expect(() => p.run(EXITS, [flagAt, 0, 0], spec, () => {})).toThrow(/exited with code 3/);
    } finally {
      await p.close();
    }
  }, 30_000);

  it('a kernel that throws in a worker fails that run only', async () => {
    const { p, flag, flagAt, workerChunks } = pool('fake-addon.cjs');
    try {
      expect(() => p.run(THROWS, [flagAt, 0, 0], spec, waitForWorker(flag))).toThrow(
        /packF32 failed in a worker thread/,
      );
      // The worker lives on: the next job runs, every chunk once, whichever thread takes it
      // (a spinning worker may take them all before the caller claims its first).
      Atomics.store(workerChunks, 0, 0);
      let own = 0;
      p.run(THROWS, [flagAt, 0, 0], spec, () => own++);
      expect(own + Atomics.load(workerChunks, 0)).toBe(4);
    } finally {
      await p.close();
    }
  }, 30_000);

  it('failing to start: the first run after it fails with the reason', async () => {
    const { p, flagAt } = pool('broken-addon.cjs');
    try {
      let err: unknown = null;
      const until = performance.now() + 10_000;
      // Until the worker has tried to start, the caller simply does every chunk itself.
      while (!err && performance.now() < until) {
        try {
          p.run(EXITS, [flagAt, 0, 0], spec, () => {});
        } catch (e) {
          err = e;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(String(err)).toMatch(
        /worker thread stopped during gemmF32 \(thread 1: .*addon will not load/,
      );
    } finally {
      await p.close();
    }
  }, 30_000);
});
