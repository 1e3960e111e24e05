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
  private readonly slots: SlotPlan;

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
    this.slots = slotPlan(plan, this.inputNames, this.outputNames);
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
    const { rt, plan, slots } = this;
    const vals: (Value | undefined)[] = new Array(slots.uses.length);
    const left = slots.uses.slice();
    const get = (slot: number): Value | undefined =>
      slot < 0 ? undefined : (vals[slot] ?? slots.constants[slot]);
    const release = (slot: number): void => {
      if (--left[slot]! > 0) return;
      const v = vals[slot];
      if (v) rt.drop(v);
      vals[slot] = undefined;
    };
    const keep = (slot: number, v: Value): void => {
      rt.retain(v);
      vals[slot] = v;
      if (left[slot]! <= 0) release(slot);
    };
    try {
      for (const [name, feed] of Object.entries(feeds)) {
        const host = fromHost(feed);
        const v = rt.alloc(host.dtype, host.dims);
        if (Array.isArray(v.data)) v.data.splice(0, v.data.length, ...(host.data as string[]));
        else v.data.set(host.data as never);
        keep(slots.index.get(name)!, v);
      }
      const times = this.profileRow();
      const row = this.runs * plan.steps.length;
      const signature = this.inputs.map((i) => feeds[i.name]!.dims.join('x')).join(',');
      const hit = this.shapeCache.get(signature);
      const fill = hit ? undefined : new Map<string, Value>();
      for (let i = 0; i < plan.steps.length; i++) {
        const step = plan.steps[i]!;
        const reads = slots.reads[i]!;
        let outs: Value[];
        const t0 = times ? performance.now() : 0;
        if (hit && plan.shapeOnly[i]) outs = step.outputs.map((o) => hit.get(o)!);
        else {
          const ins = new Array<Value | undefined>(reads.length);
          for (let r = 0; r < reads.length; r++) ins[r] = get(reads[r]!);
          try {
            outs = step.run(rt, ins);
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
        const outSlots = slots.outs[i]!;
        for (let o = 0; o < outSlots.length; o++) {
          const v = outs[o];
          if (outSlots[o]! >= 0 && v) keep(outSlots[o]!, v);
        }
        for (let r = 0; r < reads.length; r++) if (slots.releasedOnRead[i]![r]) release(reads[r]!);
      }
      const result: Record<string, HostTensor> = {};
      this.outputNames.forEach((name, o) => {
        const v = get(slots.outputs[o]!);
        if (!v) throw new UserError('RunFailed', `output "${name}" was not produced`);
        result[name] = toHost(v);
      });
      for (const slot of slots.outputs) if (vals[slot]) release(slot);
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

/**
 * The plan's values numbered once at load, so a run indexes arrays instead of looking names
 * up in maps (on the mini preset at seq 16 the run loop's own JavaScript was a fifth of a run).
 */
interface SlotPlan {
  index: Map<string, number>;
  /** Run-time reads per slot, plus one per graph output (Plan.uses). */
  uses: Int32Array;
  /** The constant a slot falls back to when no run-time value fills it. */
  constants: (Value | undefined)[];
  /** Per step: the slot of each read (-1: an absent optional input) … */
  reads: Int32Array[];
  /** … and whether reading it uses it up (constants are never released). */
  releasedOnRead: Uint8Array[];
  /** Per step: the slot of each output (-1: unnamed). */
  outs: Int32Array[];
  /** The slot of each graph output. */
  outputs: Int32Array;
}

function slotPlan(plan: Plan, inputs: string[], outputs: string[]): SlotPlan {
  const index = new Map<string, number>();
  const slot = (name: string): number => {
    if (name === '') return -1;
    let i = index.get(name);
    if (i === undefined) index.set(name, (i = index.size));
    return i;
  };
  inputs.forEach(slot);
  const reads = plan.steps.map((s) => Int32Array.from(s.reads, slot));
  const releasedOnRead = plan.steps.map((s) =>
    Uint8Array.from(s.reads, (r) => (r !== '' && !plan.constants.has(r) ? 1 : 0)),
  );
  const outs = plan.steps.map((s) => Int32Array.from(s.outputs, slot));
  const outputSlots = Int32Array.from(outputs, slot);
  const uses = new Int32Array(index.size);
  const constants = new Array<Value | undefined>(index.size);
  for (const [name, i] of index) {
    uses[i] = plan.uses.get(name) ?? 0;
    constants[i] = plan.constants.get(name);
  }
  return {
    index,
    uses,
    constants,
    reads,
    releasedOnRead,
    outs,
    outputs: outputSlots,
  };
}
