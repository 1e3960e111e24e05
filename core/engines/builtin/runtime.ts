import type { DType } from '../../model/graph';
import { Arena } from './arena';
import { CTRL_BYTES, ThreadPool, type SplitKernel } from './thread-pool';
import { instantiateKernels, kernelModule, type KernelExports } from './wasm-kernels';
import { numel, storageSize, viewOf, type NumArray, type Value } from './values';

/**
 * One session's memory: the shared wasm memory, the kernels instantiated over it and the
 * allocator. Every tensor produced while running lives here so kernels read it in place;
 * model constants stay on the JS heap until a kernel first needs them, then are pinned.
 */
export class Runtime {
  readonly memory: WebAssembly.Memory;
  readonly k: KernelExports;
  readonly arena: Arena;
  /** Blocks that must never be freed (pinned constants, packed weights). */
  private pinned = new Set<number>();
  /** Live values per block: aliasing ops (Reshape …) share a block with their input. */
  private owners = new Map<number, number>();
  /** Temporary blocks of the node being run, released when it finishes. */
  private scratchBlocks: number[] = [];

  /** Worker threads sharing this memory (threads > 1), else null. */
  private readonly pool: ThreadPool | null;

  constructor(threads = 1) {
    const { memory, k } = instantiateKernels();
    this.memory = memory;
    this.k = k;
    this.arena = new Arena(memory, k.heapBase());
    this.pool =
      threads > 1
        ? new ThreadPool(kernelModule(), memory, this.pinAlloc(CTRL_BYTES), threads)
        : null;
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /**
   * Call a column-splittable kernel; with worker threads and enough work (`macs`
   * multiply-adds), its output columns [0, total) are shared out, parts aligned to 16
   * columns so no two threads write one cache line.
   */
  split(fn: SplitKernel, args: number[], n0At: number, total: number, macs: number): void {
    const call = this.k[fn] as (...a: number[]) => void;
    if (!this.pool || macs < 1 << 18) call(...args);
    else this.pool.run(fn, call, args, n0At, total, 16);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /** A new tensor in wasm memory (contents undefined). */
  alloc(dtype: DType, dims: number[]): Value {
    if (dtype === 'string')
      return { dtype, dims, data: new Array<string>(numel(dims)).fill(''), ptr: -1 };
    const n = numel(dims);
    const ptr = this.arena.alloc(n * storageSize(dtype));
    return { dtype, dims, data: viewOf(dtype, this.memory.buffer, ptr, n), ptr };
  }

  /** Same storage, new shape (Reshape, Squeeze …): no copy. */
  alias(v: Value, dims: number[], dtype: DType = v.dtype): Value {
    return { dtype, dims, data: v.data, ptr: v.ptr };
  }

  /** A scratch block for the running node; freed when the node ends. */
  scratch(bytes: number): number {
    const p = this.arena.alloc(bytes);
    this.scratchBlocks.push(p);
    return p;
  }

  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** The value's address in wasm memory; a JS-heap constant is copied in once and pinned. */
  ptr(v: Value): number {
    if (v.ptr >= 0) return v.ptr;
    const data = v.data as NumArray;
    const ptr = this.arena.alloc(data.length * storageSize(v.dtype));
    viewOf(v.dtype, this.memory.buffer, ptr, data.length).set(data as never);
    this.pinned.add(ptr);
    v.ptr = ptr;
    return ptr;
  }

  /** Copy raw bytes into a pinned block (packed weights). */
  pinBytes(bytes: Uint8Array): number {
    const ptr = this.arena.alloc(bytes.byteLength);
    new Uint8Array(this.memory.buffer, ptr, bytes.byteLength).set(bytes);
    this.pinned.add(ptr);
    return ptr;
  }

  /** A pinned zeroed block of `bytes` (filled by a packing kernel). */
  pinAlloc(bytes: number): number {
    const ptr = this.arena.alloc(bytes);
    new Uint8Array(this.memory.buffer, ptr, bytes).fill(0);
    this.pinned.add(ptr);
    return ptr;
  }

  pin(v: Value): void {
    if (v.ptr >= 0) this.pinned.add(v.ptr);
  }

  retain(v: Value): void {
    if (v.ptr < 0 || this.pinned.has(v.ptr)) return;
    this.owners.set(v.ptr, (this.owners.get(v.ptr) ?? 0) + 1);
  }

  drop(v: Value): void {
    if (v.ptr < 0 || this.pinned.has(v.ptr)) return;
    const left = (this.owners.get(v.ptr) ?? 1) - 1;
    if (left > 0) {
      this.owners.set(v.ptr, left);
      return;
    }
    this.owners.delete(v.ptr);
    this.arena.release(v.ptr);
  }

  endNode(): void {
    for (const p of this.scratchBlocks) this.arena.release(p);
    this.scratchBlocks.length = 0;
  }

  /** After a failed run: release every non-pinned block so the session stays usable. */
  resetRun(): void {
    this.endNode();
    for (const p of this.owners.keys()) this.arena.release(p);
    this.owners.clear();
  }
}
