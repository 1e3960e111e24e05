import type { DType, Node } from '../../model/graph';
import { Arena } from './arena';
import { NATIVE_ARG_SLOTS, type KernelRef, type SplitSpec } from './kernel-call';
import type { NativeAddon } from './native-addon';
import { controlBytes, ThreadPool } from './thread-pool';
import type { KernelTier } from './tiers/tier';
import { instantiateKernels, type KernelExports } from './wasm-kernels';
import { numel, storageSize, viewOf, type NumArray, type Value } from './values';

/** Below this much work a kernel runs on the calling thread: waking workers costs more. */
const SPLIT_MIN_WORK = 1 << 15;

/** What a session's runtime is built from (tier selection happens in tier-select.ts). */
export interface RuntimeSetup {
  threads: number;
  relaxed: boolean;
  native: { addon: NativeAddon; isa: number } | null;
  makeTier(rt: Runtime): KernelTier;
}

/**
 * One session's memory: the shared wasm memory, the kernels over it (wasm exports, and the
 * native addon bound to the same bytes when that tier is used) and the allocator. Every
 * tensor produced while running lives here so kernels read it in place; model constants stay
 * on the JS heap until a kernel first needs them, then are pinned.
 */
export class Runtime {
  readonly memory: WebAssembly.Memory;
  readonly k: KernelExports;
  readonly arena: Arena;
  readonly tier: KernelTier;
  readonly relaxed: boolean;
  /** Blocks that must never be freed (pinned constants, packed weights). */
  private pinned = new Set<number>();
  /** Live values per block: aliasing ops (Reshape …) share a block with their input. */
  private owners = new Map<number, number>();
  /** Temporary blocks of the node being run, released when it finishes. */
  private scratchBlocks: number[] = [];
  /** Per block: layouts derived from it this run (transposed activations …), freed with it. */
  private derivedBlocks = new Map<number, Map<string, number>>();
  /**
   * Values a `colsLayout` product reads as its input, and that product's node (set at load):
   * a `colsLayout` product making one writes that layout as it goes (tiers/tier.ts OutLayout).
   */
  readonly colsReaders = new Map<string, Node>();
  private readonly pool: ThreadPool | null;
  private readonly native: { addon: NativeAddon; isa: number } | null;
  /** The calling thread's native argument block (part 0 of the control area). */
  private readonly nativeArgs: Float64Array | null = null;
  private readonly nativeArgsAt: number = 0;

  constructor(setup: RuntimeSetup) {
    const { memory, k, module } = instantiateKernels(setup.relaxed);
    this.memory = memory;
    this.k = k;
    this.relaxed = setup.relaxed;
    this.arena = new Arena(memory, k.heapBase());
    this.native = setup.native;
    const threads = Math.max(1, setup.threads);
    const ctrl = this.pinAlloc(controlBytes(threads));
    if (setup.native) {
      this.nativeArgsAt = ThreadPool.nativeArgsOffset(ctrl, 0);
      this.nativeArgs = new Float64Array(memory.buffer, this.nativeArgsAt, NATIVE_ARG_SLOTS);
    }
    this.pool =
      threads > 1
        ? new ThreadPool(module, memory, ctrl, threads, setup.native?.addon.path ?? null)
        : null;
    this.tier = setup.makeTier(this);
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** Run one kernel on the calling thread. */
  call(ref: KernelRef, args: number[]): void {
    if (ref.lib === 'wasm') {
      (this.k[ref.name] as (...a: number[]) => void)(...args);
      return;
    }
    this.callNative(ref.id, ref.isa, args);
  }

  /** Any native kernel by id (packing and preparation kernels are never split). */
  callNative(id: number, isa: number, args: number[]): void {
    const block = this.nativeArgs!;
    for (let i = 0; i < args.length; i++) block[i] = args[i]!;
    this.native!.addon.call(this.memory, isa, id, this.nativeArgsAt);
  }

  /**
   * Run a range kernel, its range [0, total) shared out over the threads when there is
   * enough work; parts are aligned so no two threads write one cache line.
   */
  split(ref: KernelRef, args: number[], s: SplitSpec): void {
    if (!this.pool || s.work < SPLIT_MIN_WORK || s.total <= s.align) {
      this.call(ref, args);
      return;
    }
    this.pool.run(ref, args, s, (own) => this.call(ref, own));
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

  /**
   * A layout derived from block `src` (e.g. transposed activations), computed by `fill` on
   * first request and shared by every later reader of the same block: the Q, K and V
   * products of one layer transpose their common input once. Freed with `src`.
   */
  derived(src: number, key: string, bytes: number, fill: (dst: number) => void): number {
    let kinds = this.derivedBlocks.get(src);
    const have = kinds?.get(key);
    if (have !== undefined) return have;
    const dst = this.arena.alloc(bytes);
    fill(dst);
    if (!kinds) this.derivedBlocks.set(src, (kinds = new Map()));
    kinds.set(key, dst);
    return dst;
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
    this.release(v.ptr);
  }

  private release(ptr: number): void {
    const kinds = this.derivedBlocks.get(ptr);
    if (kinds) {
      for (const d of kinds.values()) this.arena.release(d);
      this.derivedBlocks.delete(ptr);
    }
    this.arena.release(ptr);
  }

  endNode(): void {
    for (const p of this.scratchBlocks) this.arena.release(p);
    this.scratchBlocks.length = 0;
  }

  /** After a failed run: release every non-pinned block so the session stays usable. */
  resetRun(): void {
    this.endNode();
    for (const p of this.owners.keys()) this.release(p);
    this.owners.clear();
    // Layouts derived from pinned constants are released too: they are cheap to redo.
    for (const [src, kinds] of this.derivedBlocks) {
      for (const d of kinds.values()) this.arena.release(d);
      this.derivedBlocks.delete(src);
    }
  }
}
