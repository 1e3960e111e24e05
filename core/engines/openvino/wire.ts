import { z } from 'zod';
import { BugError } from '../../api/errors';
import { DTYPES } from '../../api/names';
import { tensorFromBytes, tensorToArray, type HostTensor } from '../../model/tensor';
import type { LayerCounter, RuntimeNode } from '../engine';
import type { WorkerReply } from './worker-client';

/**
 * The shapes of the worker's replies (ov-worker.py), checked before use: a reply that parses
 * as JSON but is not what the protocol says is a crashed worker, not a crashed host.
 */

const wireTensor = z.object({
  dtype: z.enum(DTYPES),
  dims: z.array(z.number().int().nonnegative()),
  b64: z.string(),
});
type WireTensor = z.infer<typeof wireTensor>;

const port = z.object({ name: z.string(), dtype: z.string(), shape: z.string() });

export const compileReply = z.object({
  read_ms: z.number(),
  compile_ms: z.number(),
  inputs: z.array(port),
  outputs: z.array(port),
  properties: z.record(z.string(), z.string()),
  peak_rss_bytes: z.number(),
});

export const benchReply = z.object({
  count: z.number().int().nonnegative(),
  duration_ms: z.number().nonnegative(),
  latencies_ms: z.array(z.number()),
  first_ms: z.number().nullable(),
  nireq: z.number().int().positive(),
  niter: z.number().int().nullable(),
  peak_rss_bytes: z.number(),
});

export const inferReply = z.object({ outputs: z.record(z.string(), wireTensor) });

const runtimeReply = z.object({
  nodes: z.array(
    z.object({
      name: z.string(),
      layer_type: z.string(),
      primitive: z.string(),
      precision: z.string(),
      original: z.string(),
      exec_order: z.string(),
      inputs: z.array(z.object({ from: z.string(), precision: z.string(), shape: z.string() })),
    }),
  ),
});

const counterRow = z.object({
  name: z.string(),
  status: z.string(),
  layer_type: z.string(),
  exec_type: z.string(),
  real_us: z.number(),
  cpu_us: z.number(),
});

const countersReply = z.object({
  requests: z.array(z.array(counterRow)),
  runs: z.array(z.array(counterRow)),
});

/** A reply checked against its schema; a mismatch is the worker's bug. */
export function parseReply<T extends z.ZodType>(
  schema: T,
  reply: WorkerReply,
  op: string,
): z.infer<T> {
  const r = schema.safeParse(reply);
  if (!r.success) {
    throw new BugError(
      'Crashed',
      `The OpenVINO worker's "${op}" reply does not match the protocol.`,
      r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}

/** The runtime graph as recorded by the worker's "runtime" op (also what fixtures hold). */
export function runtimeNodes(reply: unknown): RuntimeNode[] {
  return parseReply(runtimeReply, reply as WorkerReply, 'runtime').nodes.map((n) => ({
    name: n.name,
    layerType: n.layer_type,
    primitive: n.primitive,
    precision: n.precision,
    originalNames: n.original ? n.original.split(',') : [],
    execOrder: /^\d+$/.test(n.exec_order) ? Number(n.exec_order) : null,
    inputs: n.inputs,
  }));
}

const toCounter = (c: z.infer<typeof counterRow>): LayerCounter => ({
  name: c.name,
  status: c.status,
  layerType: c.layer_type,
  execType: c.exec_type,
  realUs: c.real_us,
  cpuUs: c.cpu_us,
});

/** Each request's counters as of its last inference (benchmark_app -pc). */
export function layerCounters(reply: WorkerReply): LayerCounter[][] {
  return parseReply(countersReply, reply, 'counters').requests.map((rows) => rows.map(toCounter));
}

/** The counters of each session run since the previous read, in run order. */
export function runCounters(reply: WorkerReply): LayerCounter[][] {
  return parseReply(countersReply, reply, 'counters').runs.map((rows) => rows.map(toCounter));
}

export function encodeTensor(t: HostTensor): WireTensor {
  if (Array.isArray(t.data)) {
    throw new BugError('InternalError', 'string tensors cannot be sent to the OpenVINO worker');
  }
  const view = t.data as Exclude<HostTensor['data'], string[]>;
  const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  return { dtype: t.dtype, dims: [...t.dims], b64: bytes.toString('base64') };
}

export function decodeTensor(name: string, w: WireTensor): HostTensor {
  const bytes = new Uint8Array(Buffer.from(w.b64, 'base64'));
  return {
    dtype: w.dtype,
    dims: w.dims,
    data: tensorToArray(tensorFromBytes(name, w.dtype, w.dims, bytes)),
  };
}

export function encodeFeeds(feeds: Record<string, HostTensor>): Record<string, WireTensor> {
  const out: Record<string, WireTensor> = {};
  for (const [name, t] of Object.entries(feeds)) out[name] = encodeTensor(t);
  return out;
}
