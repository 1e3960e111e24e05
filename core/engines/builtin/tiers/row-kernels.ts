import type { KernelRef } from '../kernel-call';
import type { KernelHost } from './kernel-host';

/**
 * Per-tensor activation quantization a product does itself (a QDQ MatMul reading the float
 * input of its QuantizeLinear): `a` is float32 and is quantized exactly as QuantizeLinear
 * does (the tier's own quantizer), to int8 when aSigned, else uint8.
 */
export interface ActivationQuant {
  scale: number;
  zp: number;
}

/** A layout key's suffix naming the quantizer a layout was made through ('' for none). */
export const quantKey = (q: ActivationQuant | undefined): string =>
  q ? `:q${q.scale}:${q.zp}` : '';

/** LayerNormalization over rows × cols; beta 0 = none (offsets in memory). */
export interface LayerNormArgs {
  src: number;
  dst: number;
  rows: number;
  cols: number;
  gamma: number;
  beta: number;
  eps: number;
}

/**
 * Layer norm, softmax, GELU and the per-tensor quantizer as both tiers run them: the same arguments and the same
 * split over rows (or elements), on whichever kernels the tier names.
 */
export class RowKernels {
  constructor(
    private readonly rows: {
      layerNorm: KernelRef;
      softmax: KernelRef;
      gelu: KernelRef;
      quantize: KernelRef;
    },
  ) {}

  layerNorm(rt: KernelHost, a: LayerNormArgs): void {
    const args = [a.src, a.dst, a.rows, a.cols, a.gamma, a.beta, a.eps, 0, a.rows];
    rt.split(this.rows.layerNorm, args, {
      rangeAt: 7,
      total: a.rows,
      align: 1,
      work: a.rows * a.cols * 4,
    });
  }

  softmax(rt: KernelHost, src: number, dst: number, rows: number, cols: number): void {
    rt.split(this.rows.softmax, [src, dst, rows, cols, 0, rows], {
      rangeAt: 4,
      total: rows,
      align: 1,
      work: rows * cols * 8,
    });
  }

  /** ONNX QuantizeLinear with a per-tensor scale and zero point, to int8 or uint8. */
  quantize(
    rt: KernelHost,
    src: number,
    dst: number,
    n: number,
    scale: number,
    zp: number,
    signed: boolean,
  ): void {
    rt.split(this.rows.quantize, [src, dst, n, scale, zp, signed ? 1 : 0, 0, n], {
      rangeAt: 6,
      total: n,
      align: 64,
      work: n * 4,
    });
  }

  /**
   * The int8/uint8 activations a product reads: `src` itself, or with `q` the float32 `src`
   * quantized into a scratch block of the running node (what QuantizeLinear would produce).
   */
  quantized(rt: KernelHost, src: number, n: number, signed: boolean, q?: ActivationQuant): number {
    if (!q) return src;
    const dst = rt.scratch(Math.max(n, 1));
    this.quantize(rt, src, dst, n, q.scale, q.zp, signed);
    return dst;
  }

  gelu(rt: KernelHost, src: number, dst: number, n: number, tanhForm: boolean): void {
    rt.split(this.rows.gelu, [src, dst, n, tanhForm ? 1 : 0, 0, n], {
      rangeAt: 4,
      total: n,
      align: 16,
      work: n * 16,
    });
  }
}
