import type { Epilogue, TierId } from '../kernel-info';
import type { KernelRef } from '../kernel-call';
import type { KernelHost } from './kernel-host';
import { quantKey, RowKernels } from './row-kernels';
import { columnZeros, cscColumns, rowMajor } from './sparse-formats';
import type {
  AttentionArgs,
  F32Weight,
  I8Output,
  I8Weight,
  KernelTier,
  PackedF32,
  PackedI8,
} from './tier';

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;
const ref = (name: Extract<KernelRef, { lib: 'wasm' }>['name']): KernelRef => ({
  lib: 'wasm',
  name,
});

/** A bias padded to whole 8-column panels (the dense kernel loads it two vectors at a time). */
function pinBias(rt: KernelHost, bias: Float32Array | null, N: number): number {
  if (!bias) return 0;
  const p = rt.pinAlloc(roundUp(N, 8) * 4);
  rt.f32(p, N).set(bias);
  return p;
}

/**
 * The WebAssembly SIMD kernels (baseline or relaxed build — the same source): the portable
 * tier every machine has and the reference the native one is tested against. Its products
 * have no fused epilogue, so GELU and residual adds run as one extra pass over the output.
 */
export class WasmTier extends RowKernels implements KernelTier {
  readonly id: TierId;

  constructor(relaxed: boolean) {
    super({
      layerNorm: ref('layerNormRows'),
      softmax: ref('softmaxRows'),
      gelu: ref('geluArray'),
      quantize: ref('quantizeF32'),
    });
    this.id = relaxed ? 'wasm-relaxed' : 'wasm';
  }

  /** GELU, then the residual add, over an M×N output in place. */
  epilogue(rt: KernelHost, out: number, count: number, e: Epilogue): void {
    if (e.gelu) this.gelu(rt, out, out, count, false);
    if (e.residual) rt.k.binaryRows(out, e.residual, out, 1, count, 0, 0, 0);
  }

  packF32(rt: KernelHost, wt: F32Weight, sparse: boolean, bias: Float32Array | null): PackedF32 {
    const { w, K, N, transposed } = wt;
    const biasPtr = pinBias(rt, bias, N);
    if (!sparse) {
      const panels = rt.pinAlloc(roundUp(N, 8) * K * 4);
      const src = rt.scratch(w.length * 4);
      rt.f32(src, w.length).set(w);
      rt.k.packB(src, K, N, transposed ? K : N, transposed ? 1 : 0, panels);
      rt.endNode();
      return {
        K,
        N,
        kernel: { impl: 'dense', precision: 'fp32', tier: this.id },
        run: (rt, a, M, out, epi) => {
          if (M === 0) return;
          rt.split(ref('matmulPacked'), [a, K, panels, out, N, M, K, N, 0, N, biasPtr], {
            rangeAt: 8,
            total: N,
            align: 16,
            work: M * K * N,
          });
          this.epilogue(rt, out, M * N, epi);
        },
      };
    }
    const csc = cscColumns(rowMajor(w, K, N, transposed), K, N);
    const colPtr = rt.pinBytes(new Uint8Array(csc.colPtr.buffer));
    const rowIdx = rt.pinBytes(new Uint8Array(csc.rows.buffer));
    const vals = rt.pinBytes(new Uint8Array(csc.vals.buffer));
    const nnz = csc.rows.length;
    return {
      K,
      N,
      kernel: { impl: 'sparse', precision: 'fp32', tier: this.id },
      run: (rt, a, M, out, epi) => {
        if (M === 0) return;
        const Mp = roundUp(M, 4);
        // Padding lanes (tokens M..Mp) hold garbage; SIMD lanes are independent, never stored.
        const at = rt.derived(a, `wasm-f32t:${M}:${K}`, K * Mp * 4, (dst) =>
          rt.k.transposeF32(a, M, K, dst, Mp),
        );
        rt.split(ref('spmmF32'), [at, Mp, M, colPtr, rowIdx, vals, out, N, 0, N, biasPtr], {
          rangeAt: 8,
          total: N,
          align: 16,
          work: M * nnz,
        });
        this.epilogue(rt, out, M * N, epi);
      },
    };
  }

  packI8(rt: KernelHost, wt: I8Weight, sparse: boolean): PackedI8 {
    const { w, K, N, transposed, zp } = wt;
    const z = (n: number): number => (zp ? (zp.length === 1 ? zp[0]! : zp[n]!) : 0);
    const kernel = { impl: sparse ? 'sparse' : 'dense', precision: 'int8', tier: this.id };
    if (!sparse) {
      // Zero points subtracted while packing into int16 rows padded to Kp.
      const Kp = roundUp(Math.max(K, 1), 8);
      const wp = rt.pinAlloc(N * Kp * 2);
      const src = rt.scratch(w.length);
      new Uint8Array(rt.buffer, src, w.length).set(
        new Uint8Array(w.buffer, w.byteOffset, w.length),
      );
      const zps = rt.scratch(N * 4);
      const zv = rt.i32(zps, N);
      for (let n = 0; n < N; n++) zv[n] = z(n);
      const signed = w instanceof Int8Array ? 1 : 0;
      rt.k.packI8Weights(src, K, N, transposed ? K : N, transposed ? 1 : 0, signed, zps, 1, wp, Kp);
      rt.endNode();
      return {
        K,
        N,
        kernel,
        run: (rt, a, aSigned, za, M, out, o, epi, quant) => {
          if (M === 0) return;
          const aq = rt.scratch(M * Kp * 2);
          // Quantized once per activation (Q, K and V share it); the rows are per product.
          const src = quant
            ? rt.derived(a, `wasm-q8:${M * K}:${aSigned}${quantKey(quant)}`, M * K, (dst) =>
                this.quantize(rt, a, dst, M * K, quant.scale, quant.zp, aSigned),
              )
            : a;
          rt.k.prepI8Rows(src, M, K, aSigned ? 1 : 0, za, aq, Kp);
          rt.split(ref('matmulI8'), [aq, wp, Kp, M, 0, N, out, N, ...outArgs(o)], {
            rangeAt: 4,
            total: N,
            align: 4,
            work: M * Kp * N,
          });
          if (o.mode === 'float') this.epilogue(rt, out, M * N, epi);
        },
      };
    }
    const csc = cscColumns(rowMajor(w, K, N, transposed), K, N, columnZeros(zp, N));
    const colPtr = rt.pinBytes(new Uint8Array(csc.colPtr.buffer));
    const rowIdx = rt.pinBytes(new Uint8Array(csc.rows.buffer));
    const vals = rt.pinBytes(new Uint8Array(Int16Array.from(csc.vals).buffer));
    const nnz = csc.rows.length;
    return {
      K,
      N,
      kernel,
      run: (rt, a, aSigned, za, M, out, o, epi, quant) => {
        if (M === 0) return;
        const Mp = roundUp(M, 8);
        const key = `wasm-i8t:${M}:${K}:${aSigned}:${za}${quantKey(quant)}`;
        const at = rt.derived(a, key, K * Mp * 2, (dst) => {
          const src = this.quantized(rt, a, M * K, aSigned, quant);
          rt.k.prepI8Cols(src, M, K, aSigned ? 1 : 0, za, dst, Mp);
        });
        rt.split(ref('spmmI8'), [at, Mp, M, colPtr, rowIdx, vals, out, N, 0, N, ...outArgs(o)], {
          rangeAt: 8,
          total: N,
          align: 8,
          work: M * nnz,
        });
        if (o.mode === 'float') this.epilogue(rt, out, M * N, epi);
      },
    };
  }

  attention(rt: KernelHost, x: AttentionArgs): boolean {
    if (x.d % 4 !== 0) return false;
    const units = x.batch * x.heads;
    const stride = roundUp(rt.k.attentionScratch(x.T, x.d) + 16, 64);
    const scratch = rt.scratch(stride * Math.min(rt.threads, units));
    rt.split(ref('attention'), [...attentionArgs(x, units), scratch], {
      rangeAt: 16,
      total: units,
      align: 1,
      work: units * x.S * x.T * x.d * 2,
      scratchAt: 18,
      scratchStride: stride,
    });
    return true;
  }
}

/** The output block of the int8 kernels: mode, scale, sa, bias. */
export function outArgs(o: I8Output): number[] {
  return o.mode === 'int32' ? [0, 0, 0, 0] : [1, o.scale, o.sa, o.bias];
}

/** The attention kernels' arguments up to the unit range (shared by both tiers). */
export function attentionArgs(x: AttentionArgs, units: number): number[] {
  return [
    x.q,
    x.k,
    x.v,
    x.out,
    x.S,
    x.T,
    x.heads,
    x.d,
    x.ldq,
    x.ldk,
    x.ldv,
    x.ldo,
    x.scale,
    x.mask,
    x.maskBatch,
    x.maskRow,
    0,
    units,
  ];
}
