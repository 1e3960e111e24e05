/**
 * A WebAssembly SIMD module written out byte by byte (no build step): the two probes the
 * builtin engine's roofline needs, in the runtime its kernels run in.
 *   triad(a, b, c, bytes, s)  a[i] = b[i] + s·c[i] over f32x4, 64 bytes per loop turn
 *   flops(iters, out)         12 independent f32x4 mul+add chains (96 FLOP per turn), sum to out
 * Opcodes are from the WebAssembly core spec (binary format, §5.4) and the fixed-width SIMD
 * proposal (0xFD prefix): v128.load 0x00, v128.store 0x0B, f32x4.splat 0x13, f32x4.add 0xE4,
 * f32x4.mul 0xE6.
 */

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const f32Bytes = (v: number): number[] => [...new Uint8Array(new Float32Array([v]).buffer)];

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f32c = (v: number) => [0x43, ...f32Bytes(v)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const load = (offset: number) => simd(0x00, 4, ...uleb(offset));
const store = (offset: number) => simd(0x0b, 4, ...uleb(offset));
const SPLAT = simd(0x13);
const ADD = simd(0xe4);
const MUL = simd(0xe6);
const I32_ADD = [0x6a];
const I32_LT_U = [0x49];
const I32_GE_U = [0x4f];

function body(locals: [number, number][], code: number[]): number[] {
  const inner = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, 0x0b];
  return [...uleb(inner.length), ...inner];
}

/** triad: params a=0 b=1 c=2 n=3 s=4; locals i=5 (i32), vs=6 (v128). */
function triadBody(): number[] {
  const lane = (off: number) => [
    ...get(0),
    ...get(5),
    ...I32_ADD,
    ...get(1),
    ...get(5),
    ...I32_ADD,
    ...load(off),
    ...get(2),
    ...get(5),
    ...I32_ADD,
    ...load(off),
    ...get(6),
    ...MUL,
    ...ADD,
    ...store(off),
  ];
  return body(
    [
      [1, I32],
      [1, V128],
    ],
    [
      ...get(4),
      ...SPLAT,
      ...set(6),
      0x02,
      0x40,
      0x03,
      0x40,
      ...get(5),
      ...get(3),
      ...I32_GE_U,
      0x0d,
      1,
      ...lane(0),
      ...lane(16),
      ...lane(32),
      ...lane(48),
      ...get(5),
      ...i32c(64),
      ...I32_ADD,
      ...set(5),
      0x0c,
      0,
      0x0b,
      0x0b,
    ],
  );
}

const CHAINS = 12;

/** flops: params iters=0 out=1; locals i=2, v0..v(CHAINS-1), then the multiplier m and addend a. */
function flopsBody(): number[] {
  const v = (k: number) => 3 + k;
  const M = 3 + CHAINS;
  const A = 4 + CHAINS;
  const init: number[] = [];
  for (let k = 0; k < CHAINS; k++) init.push(...f32c(1 + k / 1024), ...SPLAT, ...set(v(k)));
  init.push(...f32c(0.999), ...SPLAT, ...set(M), ...f32c(0.001), ...SPLAT, ...set(A));
  const turn: number[] = [];
  for (let k = 0; k < CHAINS; k++)
    turn.push(...get(v(k)), ...get(M), ...MUL, ...get(A), ...ADD, ...set(v(k)));
  const sum: number[] = [...get(v(0))];
  for (let k = 1; k < CHAINS; k++) sum.push(...get(v(k)), ...ADD);
  return body(
    [
      [1, I32],
      [CHAINS + 2, V128],
    ],
    [
      ...init,
      0x03,
      0x40,
      ...turn,
      ...get(2),
      ...i32c(1),
      ...I32_ADD,
      ...set(2),
      ...get(2),
      ...get(0),
      ...I32_LT_U,
      0x0d,
      0,
      0x0b,
      ...get(1),
      ...sum,
      ...store(0),
    ],
  );
}

/** FLOPs one `flops` loop turn does. */
export const FLOPS_PER_TURN = CHAINS * 2 * 4;

/** The module's bytes; `pages` of 64 KiB memory, exported as "memory". */
export function probeModuleBytes(pages: number): Uint8Array {
  const types = section(
    1,
    vec([
      [0x60, ...vec([[I32], [I32], [I32], [I32], [F32]]), ...vec([])],
      [0x60, ...vec([[I32], [I32]]), ...vec([])],
    ]),
  );
  const funcs = section(3, vec([[0], [1]]));
  const memory = section(5, vec([[0x00, ...uleb(pages)]]));
  const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
  const exports = section(
    7,
    vec([
      [...name('triad'), 0x00, 0],
      [...name('flops'), 0x00, 1],
      [...name('memory'), 0x02, 0],
    ]),
  );
  const code = section(10, vec([triadBody(), flopsBody()]));
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0,
    0,
    0,
    ...types,
    ...funcs,
    ...memory,
    ...exports,
    ...code,
  ]);
}

export interface WasmProbe {
  memory: WebAssembly.Memory;
  triad(a: number, b: number, c: number, bytes: number, s: number): void;
  flops(iters: number, out: number): void;
}

export function instantiateProbe(pages: number): WasmProbe {
  const module = new WebAssembly.Module(probeModuleBytes(pages));
  const instance = new WebAssembly.Instance(module, {});
  return instance.exports as unknown as WasmProbe;
}
