import { BugError, UserError } from '../../api/errors';
import type { GraphModel, ValueInfo } from '../../model/graph';
import type { HostTensor, Session, SessionProfile } from '../engine';
import { checkFeeds } from './feeds';
import { wrapNodeError, type Plan } from './planner';
import type { Runtime } from './runtime';
import type { KernelInfo } from './kernel-info';
import { fromHost, heapValue, toHost, type NumArray, type Value } from './values';

/** One plan step's timing over the profiled runs (see BuiltinSession.nodeTimes). */
export interface NodeTime {
  /** The step's node name (a fused step's is e.g. "layer0/attention (fused Attention)"). */
  node: string;
  /** What it computes: the ONNX op type, MatMul for fused products, Attention for fused attention. */
  opType: string;
  /** The model's node names the step covers: its own, or all a fusion folded into it. */
  originalNames: string[];
  /** Kernel implementation, precision (of its first output) and tier that ran it. */
  kernel: KernelInfo;
  /** Mean milliseconds per run. */
  ms: number;
  /** Milliseconds in each profiled run, in run order. */
  samples: number[];
}

/** Precision names as profiles show them. */
const PRECISION: Record<string, string> = { float32: 'fp32', float16: 'fp16', float64: 'fp64' };

/** One stream of the builtin engine: a plan over one runtime (memory + kernels). */
export class BuiltinSession implements Session {
  readonly inputNames: string[];
  readonly outputNames: string[];
  private closed = false;
  /** Per profiled run, ms per plan step (run-major) when profiling, else null. */
  private times: Float64Array | null;
  private runs = 0;
  /** Whether a profiled run has recorded each step's output precision. */
  private precisionSeen = false;
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
    this.times = profile ? new Float64Array(plan.steps.length * 16) : null;
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
      const times = this.profileRow();
      const row = this.runs * plan.steps.length;
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
        if (times) times[row + i] = performance.now() - t0;
        if (times && !this.precisionSeen && !step.kernel.precision && outs[0])
          step.kernel = { ...step.kernel, precision: PRECISION[outs[0].dtype] ?? outs[0].dtype };
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
      if (times && !this.precisionSeen) this.precisionSeen = true;
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

  /** The profile table with room for this run's row (grown by doubling), or null. */
  private profileRow(): Float64Array | null {
    const t = this.times;
    if (!t) return null;
    const need = (this.runs + 1) * this.plan.steps.length;
    if (need <= t.length) return t;
    const grown = new Float64Array(Math.max(need, t.length * 2));
    grown.set(t);
    return (this.times = grown);
  }

  /**
   * Per plan step, its time in every run so far (profile: true; else []), slowest mean
   * first. Times come from performance.now() (monotonic) around each step, so they include
   * the step's own buffer management; the sum over steps is a little under the run's
   * latency (feeds in, outputs out). Steps the shape cache skipped count their (tiny) lookup.
   */
  nodeTimes(): NodeTime[] {
    const t = this.times;
    const n = this.plan.steps.length;
    if (!t || this.runs === 0) return [];
    return this.plan.steps
      .map((s, i) => {
        const samples = Array.from({ length: this.runs }, (_, r) => t[r * n + i]!);
        return {
          node: s.node.name || s.node.id,
          opType: s.opType,
          originalNames: s.originalNames,
          kernel: s.kernel,
          ms: samples.reduce((a, b) => a + b, 0) / this.runs,
          samples,
        };
      })
      .sort((a, b) => b.ms - a.ms);
  }

  /** Runs endProfiling has already returned; its next call covers the runs after them. */
  private profiledRuns = 0;

  /**
   * Session.endProfiling: per plan step its time in each run since the previous call (or
   * since load), with the original nodes it covers and its kernel. core/profile builds the
   * profile from this; nodeTimes() above is the same table for tools that want it whole.
   */
  async endProfiling(): Promise<SessionProfile> {
    // After the run in flight: it may grow (reallocate) the table.
    await this.busy;
    const t = this.times;
    if (!t) {
      throw new BugError(
        'InternalError',
        'endProfiling() on a builtin session loaded without profile: true',
      );
    }
    const n = this.plan.steps.length;
    const from = this.profiledRuns;
    const to = (this.profiledRuns = this.runs);
    const nodes = this.plan.steps.map((s, i) => {
      const samplesMs: number[] = [];
      for (let r = from; r < to; r++) samplesMs.push(t[r * n + i]!);
      return {
        name: s.node.name || s.node.id,
        opType: s.opType,
        originals: s.originalNames,
        kernel: { impl: s.kernel.impl, precision: s.kernel.precision || null, tier: s.kernel.tier },
        samplesMs,
        inputs: s.reads.filter(Boolean),
        outputs: s.outputs.filter(Boolean),
      };
    });
    return { engine: 'builtin', runs: to - from, nodes, file: null, runtimeGraph: null };
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
