import { numel } from '../../values';
import type { OpFactory } from '../op-types';
import { need, OpError } from '../op-util';

/**
 * com.microsoft Gelu (erf form), BiasGelu (erf form of x + bias) and FastGelu (the tanh
 * approximation of x + optional bias): the bias row added by the SIMD row kernel, then the
 * tier's GELU kernel in place — the kernels the unfused graph's Add and Gelu run.
 */
function gelu(op: string, tanhForm: boolean, bias: 'none' | 'optional' | 'required'): OpFactory {
  return () => ({
    run(rt, [x, b]) {
      const a = need(x, 'X');
      if (a.dtype !== 'float32') throw new OpError(`${op}: float32 expected, got ${a.dtype}`);
      if (bias === 'required') need(b, 'bias');
      const n = numel(a.dims);
      const out = rt.alloc('float32', a.dims);
      if (n === 0) return [out];
      let src = rt.ptr(a);
      if (b && bias !== 'none') {
        const cols = numel(b.dims);
        if (b.dtype !== 'float32' || cols !== a.dims[a.dims.length - 1])
          throw new OpError(
            `${op}: the bias must be float32 with one value per column of [${a.dims.join(',')}], got ${b.dtype} [${b.dims.join(',')}]`,
          );
        rt.k.binaryRows(src, rt.ptr(b), out.ptr, n / cols, cols, 0, 0, 0);
        src = out.ptr;
      }
      rt.tier.gelu(rt, src, out.ptr, n, tanhForm);
      return [out];
    },
  });
}

export const CONTRIB_GELU_OPS: Record<string, OpFactory> = {
  Gelu: gelu('Gelu', false, 'none'),
  BiasGelu: gelu('BiasGelu', false, 'required'),
  FastGelu: gelu('FastGelu', true, 'optional'),
};
