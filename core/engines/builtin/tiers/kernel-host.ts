import type { KernelRef, SplitSpec } from '../kernel-call';
import type { KernelExports } from '../wasm-kernels';

/**
 * What the kernel tiers use of a session's runtime (runtime.ts implements it): its memory,
 * allocation of pinned and scratch blocks, derived layouts, and kernel calls. Kept apart so
 * the runtime can hold a tier without the two importing each other.
 */
export interface KernelHost {
  readonly k: KernelExports;
  readonly threads: number;
  readonly buffer: ArrayBufferLike;
  callNative(id: number, isa: number, args: number[]): void;
  split(ref: KernelRef, args: number[], s: SplitSpec): void;
  derived(src: number, key: string, bytes: number, fill: (dst: number) => void): number;
  scratch(bytes: number): number;
  pinAlloc(bytes: number): number;
  pinBytes(bytes: Uint8Array): number;
  f32(ptr: number, n: number): Float32Array;
  i32(ptr: number, n: number): Int32Array;
  endNode(): void;
}
