import { epilogueFlags, type TierId } from '../kernel-info';
import { NATIVE_KERNELS, type KernelRef, type NativeKernelName } from '../kernel-call';
import type { NativeIsa } from '../native-addon';
import type { KernelHost } from './kernel-host';
import { quantKey, RowKernels } from './row-kernels';
import {
  blockedCsc,
  blockedQuads,
  columnZeros,
  countNonzeros,
  fitsS8,
  rowMajor,
} from './sparse-formats';
import type { AttentionArgs, F32Weight, I8Weight, KernelTier, PackedF32, PackedI8 } from './tier';
import { attentionArgs, outArgs, WasmTier } from './wasm-tier';

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * Above this fraction of non-empty quads the dense int8 kernel is faster than the quad one
 * (measured on AVX-512 VNNI at 64 tokens: equal at ~35–40%, see the README's design note).
 */
const MAX_QUAD_OCCUPANCY = 0.4;

/**
 * The Node-API addon's kernels for one ISA build (AVX-512, AVX2 or generic/NEON), running on
 * the same shared memory as the wasm kernels: every pointer is an offset into it. Weights it
 * cannot hold exactly (int8 values outside s8 after the zero point) go to the wasm tier.
 */
const nativeRef = (name: NativeKernelName, isa: number): KernelRef => ({
  lib: 'native',
  id: NATIVE_KERNELS.indexOf(name),
  isa,
  name,
});

export class NativeTier extends RowKernels implements KernelTier {
  readonly id: TierId;
  private readonly wasm: WasmTier;

  constructor(
    private readonly isaIndex: number,
    private readonly isa: NativeIsa,
    relaxedWasm: boolean,
  ) {
    super({
      layerNorm: nativeRef('layerNormRows', isaIndex),
      softmax: nativeRef('softmaxRows', isaIndex),
      gelu: nativeRef('geluRows', isaIndex),
      quantize: nativeRef('quantizeRows', isaIndex),
    });
    this.id = `native-${isa.isa}`;
    this.wasm = new WasmTier(relaxedWasm);
  }

  private ref(name: NativeKernelName): KernelRef {
    return nativeRef(name, this.isaIndex);
  }

  private call(rt: KernelHost, name: NativeKernelName, args: number[]): void {
    rt.callNative(NATIVE_KERNELS.indexOf(name), this.isaIndex, args);
  }

  /**
   * A per-run layout kernel whose last two arguments are a range of `total` (rows of K, or
   * tokens) aligned to `align`, split over the threads like the products it feeds.
   */
  private prep(
    rt: KernelHost,
    name: NativeKernelName,
    args: number[],
    total: number,
    align: number,
    other: number,
  ): void {
    const rangeAt = args.length;
    rt.split(this.ref(name), [...args, 0, total], { rangeAt, total, align, work: total * other });
  }

  /** The token-block column layout of an M × K activation the sparse fp32 product reads. */
  private cols(
    rt: KernelHost,
    a: number,
    M: number,
    K: number,
    fill: (dst: number) => void,
  ): number {
    return rt.derived(a, `native-f32cols:${M}:${K}`, this.blockRows(M) * K * 4, fill);
  }

  /** Bytes of the token-block layouts (prepF32Cols / prepI8Quads) for M tokens of width w. */
  private blockRows(M: number): number {
    const tb = 4 * this.isa.lanes;
    return Math.floor(M / tb) * tb + roundUp(M % tb, this.isa.lanes);
  }

  packF32(rt: KernelHost, wt: F32Weight, sparse: boolean, bias: Float32Array | null): PackedF32 {
    const { w, K, N, transposed } = wt;
    let biasPtr = 0;
    if (bias) {
      biasPtr = rt.pinAlloc(roundUp(N, this.isa.f32Panel) * 4);
      rt.f32(biasPtr, N).set(bias);
    }
    const kernel = { impl: sparse ? 'sparse' : 'dense', precision: 'fp32', tier: this.id };
    if (!sparse) {
      const packed = rt.pinAlloc(roundUp(N, this.isa.f32Panel) * K * 4);
      const src = rt.scratch(w.length * 4);
      rt.f32(src, w.length).set(w);
      this.call(rt, 'packF32', [src, K, N, transposed ? K : N, transposed ? 1 : 0, packed]);
      rt.endNode();
      const gemm = this.ref('gemmF32');
      const mr = this.isa.f32Mr;
      return {
        K,
        N,
        kernel,
        run: (rt, a, M, out, epi) => {
          if (M === 0) return;
          // A in the micro-tiles' layout, once per activation (shared by Q, K and V).
          const Mpad = Math.floor(M / mr) * mr + roundUp(M % mr, 4);
          const ap = rt.derived(a, `native-f32a:${M}:${K}`, Mpad * K * 4, (dst) =>
            this.prep(rt, 'packF32A', [a, M, K, dst], K, this.isa.f32Kc, M),
          );
          const args = [
            ap,
            Mpad,
            packed,
            out,
            N,
            M,
            K,
            N,
            0,
            N,
            biasPtr,
            epilogueFlags(epi),
            epi.residual,
            N,
          ];
          rt.split(gemm, args, { rangeAt: 8, total: N, align: this.isa.f32Panel, work: M * K * N });
        },
      };
    }
    const f = blockedCsc(rowMajor(w, K, N, transposed), K, N);
    const blockPtr = rt.pinBytes(new Uint8Array(f.blockPtr.buffer));
    const rows = rt.pinBytes(new Uint8Array(f.rows.buffer));
    const vals = rt.pinBytes(new Uint8Array(f.vals.buffer));
    const nnz = f.vals.length;
    const spmm = this.ref('spmmF32');
    return {
      K,
      N,
      kernel,
      colsLayout: true,
      run: (rt, a, M, out, epi, layout = 'rows') => {
        if (M === 0) return;
        const at = this.cols(rt, a, M, K, (dst) =>
          this.prep(rt, 'prepF32Cols', [a, M, K, dst], K, this.isa.lanes, M),
        );
        // Filled by this product's kernel as it stores its tiles (the reader finds it made).
        const cols = layout !== 'rows' && !epi.residual ? this.cols(rt, out, M, N, () => {}) : 0;
        const args = [
          at,
          M,
          K,
          N,
          blockPtr,
          rows,
          vals,
          cols && layout === 'cols' ? 0 : out,
          N,
          0,
          N,
          biasPtr,
          epilogueFlags(epi),
          epi.residual,
          N,
          cols,
          // Streaming stores for a layout the other threads read (native/impl-sparse-f32.h).
          rt.threads > 1 ? 1 : 0,
        ];
        rt.split(spmm, args, { rangeAt: 9, total: N, align: 16, work: M * nnz });
      },
    };
  }

  packI8(rt: KernelHost, wt: I8Weight, sparse: boolean): PackedI8 {
    const { K, N, transposed } = wt;
    const w = rowMajor(wt.w, K, N, transposed);
    const zero = columnZeros(wt.zp, N);
    // The dot product is u8 × s8: w − zw must fit s8 for every entry.
    if (!fitsS8(w, K, N, zero)) return this.wasm.packI8(rt, wt, sparse);
    // The quad format pays only when few 4-row groups hold a nonzero: at 80% unstructured
    // sparsity 59% do, and the dense VNNI kernel does that work faster (README).
    // On AMX tiles (K a multiple of 64) sparse weights are bitmask-compressed and expanded
    // into the tiles (README): the quad kernel cannot keep up with a tile product.
    if (sparse && this.isa.amx === 1 && K % 64 === 0) return this.packI8Masked(rt, wt, w, zero);
    const f = sparse ? blockedQuads(w, K, N, zero) : null;
    const occupancy = f ? f.vals.length / Math.max(1, Math.ceil(K / 4) * N) : 0;
    const denseWhy =
      occupancy > MAX_QUAD_OCCUPANCY
        ? `${Math.round(occupancy * 100)}% of 4-row groups hold a nonzero; the sparse kernel pays below ${MAX_QUAD_OCCUPANCY * 100}%`
        : undefined;
    const kernel = { impl: f && !denseWhy ? 'sparse' : 'dense', precision: 'int8', tier: this.id };
    const colsum = rt.pinAlloc(N * 4);
    if (!f || denseWhy) {
      const packed = rt.pinAlloc(this.denseI8Bytes(K, N));
      this.packDenseI8(rt, w, K, N, zero, packed, colsum);
      rt.endNode();
      const gemm = this.ref('gemmI8');
      return {
        K,
        N,
        kernel,
        denseWhy,
        run: (rt, a, aSigned, za, M, out, o, epi, quant) => {
          if (M === 0) return;
          const { aq, Kp } = this.i8Rows(rt, a, aSigned, M, K, quant);
          const zu = za + (aSigned ? 128 : 0);
          const args = [aq, Kp, packed, K, M, N, 0, N, out, N];
          rt.split(gemm, [...args, ...this.outBlock(o, zu, colsum, epi, N)], {
            rangeAt: 6,
            total: N,
            align: this.isa.i8Panel,
            work: (M * K * N) / 4,
          });
        },
      };
    }
    rt.i32(colsum, N).set(f.colsum);
    const blockPtr = rt.pinBytes(new Uint8Array(f.blockPtr.buffer));
    const quads = rt.pinBytes(new Uint8Array(f.quads.buffer));
    const vals = rt.pinBytes(new Uint8Array(f.vals.buffer));
    const count = f.vals.length;
    const spmm = this.ref('spmmI8');
    return {
      K,
      N,
      kernel,
      run: (rt, a, aSigned, za, M, out, o, epi, quant) => {
        if (M === 0) return;
        const bytes = this.blockRows(M) * roundUp(K, 4);
        const key = `native-i8quads:${M}:${K}:${aSigned}${quantKey(quant)}`;
        const at = rt.derived(a, key, bytes, (dst) => {
          const src = this.quantized(rt, a, M * K, aSigned, quant);
          const args = [src, M, K, aSigned ? 1 : 0, dst];
          this.prep(rt, 'prepI8Quads', args, Math.ceil(K / 4), this.isa.lanes, M);
        });
        const zu = za + (aSigned ? 128 : 0);
        const args = [
          at,
          M,
          K,
          N,
          blockPtr,
          quads,
          vals,
          out,
          N,
          0,
          N,
          ...this.outBlock(o, zu, colsum, epi, N),
        ];
        rt.split(spmm, args, { rangeAt: 9, total: N, align: 16, work: M * count });
      },
    };
  }

  private denseI8Bytes(K: number, N: number): number {
    return roundUp(N, this.isa.i8Panel) * roundUp(K, 4);
  }

  /** packI8's dense panels of w − zero into `packed`, column sums into `colsum`. */
  private packDenseI8(
    rt: KernelHost,
    w: Int8Array | Uint8Array,
    K: number,
    N: number,
    zero: ArrayLike<number>,
    packed: number,
    colsum: number,
  ): void {
    const src = rt.scratch(w.length);
    new Uint8Array(rt.buffer, src, w.length).set(new Uint8Array(w.buffer, w.byteOffset, w.length));
    const zps = rt.scratch(N * 4);
    rt.i32(zps, N).set(zero);
    const signed = w instanceof Int8Array ? 1 : 0;
    this.call(rt, 'packI8', [src, K, N, N, 0, signed, zps, 1, packed, colsum]);
  }

  /** The u8 activation rows the dense and masked products read (derived once per activation). */
  private i8Rows(
    rt: KernelHost,
    a: number,
    aSigned: boolean,
    M: number,
    K: number,
    quant: Parameters<PackedI8['run']>[8],
  ): { aq: number; Kp: number } {
    const Kp = roundUp(Math.max(K, 1), 4);
    // The last micro-tile reads four rows past M: allocated, never stored.
    const key = `native-i8rows:${M}:${K}:${aSigned}${quantKey(quant)}`;
    const aq = rt.derived(a, key, (M + 4) * Kp, (dst) => {
      const src = this.quantized(rt, a, M * K, aSigned, quant);
      this.prep(rt, 'prepI8Rows', [src, M, K, aSigned ? 1 : 0, dst, Kp], M, 1, K);
    });
    return { aq, Kp };
  }

  /**
   * Sparse int8 for AMX: the dense panels with each 64-byte row kept as a 64-bit mask and
   * its nonzero bytes (native/impl-amx.h), expanded into the tiles at run time.
   */
  private packI8Masked(
    rt: KernelHost,
    wt: I8Weight,
    w: Int8Array | Uint8Array,
    zero: ArrayLike<number>,
  ): PackedI8 {
    const { K, N } = wt;
    const nonzeros = countNonzeros(w, K, N, zero);
    const panels = Math.ceil(N / this.isa.i8Panel);
    const Kq = Math.ceil(K / 4);
    const colsum = rt.pinAlloc(N * 4);
    const masks = rt.pinAlloc(panels * Kq * 2 * 8);
    const vals = rt.pinAlloc(Math.max(1, nonzeros));
    const start = rt.pinAlloc((panels + 1) * 4);
    // packI8 writes every byte of its panels, padding included.
    const dense = rt.scratch(this.denseI8Bytes(K, N));
    this.packDenseI8(rt, w, K, N, zero, dense, colsum);
    this.call(rt, 'maskI8', [dense, K, N, masks, vals, start]);
    rt.endNode();
    const gemm = this.ref('gemmI8Mask');
    return {
      K,
      N,
      kernel: { impl: 'sparse', precision: 'int8', tier: this.id },
      format: 'bitmask-compressed, expanded into AMX int8 tiles',
      run: (rt, a, aSigned, za, M, out, o, epi, quant) => {
        if (M === 0) return;
        const { aq, Kp } = this.i8Rows(rt, a, aSigned, M, K, quant);
        const zu = za + (aSigned ? 128 : 0);
        const args = [aq, Kp, masks, vals, start, K, M, N, 0, N, out, N];
        rt.split(gemm, [...args, ...this.outBlock(o, zu, colsum, epi, N)], {
          rangeAt: 8,
          total: N,
          align: this.isa.i8Panel,
          work: (M * K * N) / 4,
        });
      },
    };
  }

  /** mode, zu, colsum, scale, sa, bias, epi, res, ldr (native/impl-int8.h i8_output). */
  private outBlock(
    o: Parameters<PackedI8['run']>[6],
    zu: number,
    colsum: number,
    epi: Parameters<PackedI8['run']>[7],
    ldr: number,
  ): number[] {
    const [mode, scale, sa, bias] = outArgs(o);
    const flags = o.mode === 'float' ? epilogueFlags(epi) : 0;
    return [
      mode!,
      zu,
      colsum,
      scale!,
      sa!,
      bias!,
      flags,
      o.mode === 'float' ? epi.residual : 0,
      ldr,
    ];
  }

  attention(rt: KernelHost, x: AttentionArgs): boolean {
    if (x.d % this.isa.lanes !== 0) return this.wasm.attention(rt, x);
    const units = x.batch * x.heads;
    rt.split(this.ref('attention'), attentionArgs(x, units), {
      rangeAt: 16,
      total: units,
      align: 1,
      work: units * x.S * x.T * x.d * 2,
    });
    return true;
  }
}
