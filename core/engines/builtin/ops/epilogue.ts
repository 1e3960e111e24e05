// Helpers of the fused matrix products (FusedMatMul): their epilogue and its fallbacks.
import { NO_EPILOGUE, type Epilogue } from '../kernel-info';
import type { Runtime } from '../runtime';
import type { Value } from '../values';
import type { PrepareEnv } from './op-types';
import { broadcastShapes, forEachBroadcast, OpError, sameDims } from './op-util';

export function label(env: PrepareEnv): string {
  return env.node.name || env.node.outputs[0] || env.node.id;
}

/**
 * The epilogue of a fused product: GELU as asked, and the residual when it has exactly the
 * output's shape (anything else is added afterwards with broadcasting, see addLater).
 */
export function epilogueFor(
  rt: Runtime,
  gelu: boolean,
  residual: Value | undefined,
  outDims: number[],
): { epi: Epilogue; addLater: Value | undefined } {
  if (!residual) return { epi: gelu ? { gelu, residual: 0 } : NO_EPILOGUE, addLater: undefined };
  if (residual.dtype === 'float32' && sameDims(residual.dims, outDims))
    return { epi: { gelu, residual: rt.ptr(residual) }, addLater: undefined };
  return { epi: { gelu, residual: 0 }, addLater: residual };
}

/**
 * y + r with numpy broadcasting, for a residual whose shape the epilogue cannot take: in
 * place when the sum keeps y's shape, else into a new value (y is dropped).
 */
export function addBroadcast(rt: Runtime, y: Value, r: Value): Value {
  if (r.dtype !== 'float32') throw new OpError(`Add: float32 residual expected, got ${r.dtype}`);
  const dims = broadcastShapes([y.dims, r.dims]);
  const out = sameDims(dims, y.dims) ? y : rt.alloc('float32', dims);
  const Y = y.data as Float32Array,
    R = r.data as Float32Array,
    O = out.data as Float32Array;
  forEachBroadcast(dims, [y.dims, r.dims], (o, i, j) => {
    O[o] = Y[i]! + R[j]!;
  });
  if (out !== y) rt.drop(y);
  return out;
}
