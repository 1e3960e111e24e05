import { BugError, UserError } from '../../api/errors';
import type { GraphModel, ValueInfo } from '../../model/graph';
import type { HostTensor, Session } from '../engine';
import { checkFeeds } from './feeds';
import { wrapNodeError, type Plan } from './planner';
import type { Runtime } from './runtime';
import { fromHost, heapValue, toHost, type NumArray, type Value } from './values';

/** One stream of the builtin engine: a plan over one runtime (memory + kernels). */
export class BuiltinSession implements Session {
  readonly inputNames: string[];
  readonly outputNames: string[];
  private closed = false;
  /** Accumulated ms per plan step when profiling, else null. */
  private times: Float64Array | null;
  private runs = 0;
  /** Outputs of shape-only steps per input-shape signature. */
  private shapeCache = new Map<string, Map<string, Value>>();
  private busy: Promise<unknown> = Promise.resolve();

  /** The model's inputs (the session keeps nothing else of the model: its bytes can go). */
  private readonly inputs: ValueInfo[];

  constructor(
    model: GraphModel,
    private readonly plan: Plan,
    private readonly rt: Runtime,
    readonly notes: string[],
    profile = false,
  ) {
    this.times = profile ? new Float64Array(plan.steps.length) : null;
    this.inputs = model.graph.inputs;
    this.inputNames = model.graph.inputs.map((i) => i.name);
    this.outputNames = model.graph.outputs.map((o) => o.name);
  }

  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    // Runs share one arena: serialise them.
    const next = this.busy.then(() => this.runNow(feeds));
    this.busy = next.catch(() => undefined);
    return next;
  }

  private runNow(feeds: Record<string, HostTensor>): Record<string, HostTensor> {
    if (this.closed) throw new BugError('InternalError', 'run() on a closed builtin session');
    checkFeeds(this.inputs, feeds);
    const { rt, plan } = this;
    const values = new Map<string, Value>();
    const left = new Map(plan.uses);
    const get = (name: string): Value | undefined =>
      name === '' ? undefined : (values.get(name) ?? plan.constants.get(name));
    const release = (name: string): void => {
      const n = (left.get(name) ?? 0) - 1;
      left.set(name, n);
      if (n > 0) return;
      const v = values.get(name);
      if (v) rt.drop(v);
      values.delete(name);
    };
    try {
      for (const [name, feed] of Object.entries(feeds)) {
        const host = fromHost(feed);
        const v = rt.alloc(host.dtype, host.dims);
        if (Array.isArray(v.data)) v.data.splice(0, v.data.length, ...(host.data as string[]));
        else v.data.set(host.data as never);
        rt.retain(v);
        values.set(name, v);
        if (!left.get(name)) release(name);
      }
      const times = this.times;
      const signature = this.inputs.map((i) => feeds[i.name]!.dims.join('x')).join(',');
      const hit = this.shapeCache.get(signature);
      const fill = hit ? undefined : new Map<string, Value>();
      for (let i = 0; i < plan.steps.length; i++) {
        const step = plan.steps[i]!;
        let outs: Value[];
        const t0 = times ? performance.now() : 0;
        if (hit && plan.shapeOnly[i]) outs = step.outputs.map((o) => hit.get(o)!);
        else {
          try {
            outs = step.run(rt, step.reads.map(get));
          } catch (err) {
            throw wrapNodeError(step.node, err, 'run');
          } finally {
            rt.endNode();
          }
          // Keep a JS-heap copy: the arena block is reused once this run frees it.
          if (fill && plan.shapeOnly[i])
            step.outputs.forEach((o, j) => o && outs[j] && fill.set(o, heapCopy(outs[j])));
        }
        if (times) times[i]! += performance.now() - t0;
        step.outputs.forEach((name, i) => {
          const v = outs[i];
          if (!name || !v) return;
          rt.retain(v);
          values.set(name, v);
          if (!left.get(name)) release(name);
        });
        for (const r of step.reads) if (r && !plan.constants.has(r)) release(r);
      }
      const result: Record<string, HostTensor> = {};
      for (const name of this.outputNames) {
        const v = get(name);
        if (!v) throw new UserError('RunFailed', `output "${name}" was not produced`);
        result[name] = toHost(v);
      }
      for (const name of this.outputNames) if (values.has(name)) release(name);
      this.runs++;
      if (fill) {
        // A handful of shapes is typical (one per sequence length); bound it anyway.
        if (this.shapeCache.size >= 32) this.shapeCache.clear();
        this.shapeCache.set(signature, fill);
      }
      return result;
    } catch (err) {
      rt.resetRun();
      if (err instanceof UserError) throw err;
      // Outside any node (copying feeds in, outputs out): still never a raw engine error.
      throw new UserError(
        'RunFailed',
        `the builtin engine failed: ${(err as Error).message}`,
        (err as Error).stack,
      );
    }
  }

  /** Mean ms per node over the runs so far (profile: true), slowest first. */
  nodeTimes(): { node: string; opType: string; ms: number }[] {
    const times = this.times;
    if (!times || this.runs === 0) return [];
    return this.plan.steps
      .map((s, i) => ({
        node: s.node.name || s.node.id,
        opType: s.node.opType,
        ms: times[i]! / this.runs,
      }))
      .sort((a, b) => b.ms - a.ms);
  }

  /** Bytes of wasm memory at the high-water mark (packed weights + peak activations). */
  get arenaPeakBytes(): number {
    return this.rt.arena.peak;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.busy;
    await this.rt.close();
  }
}

function heapCopy(v: Value): Value {
  return Array.isArray(v.data)
    ? { ...v, data: [...v.data], ptr: -1 }
    : heapValue(v.dtype, [...v.dims], v.data as NumArray);
}
