import type { MachineInfo } from '../api/schemas/machine-info';
import {
  PROFILE_FILE_VERSION,
  type MachinePeaks,
  type ProfileFile,
  type ProfileNode,
} from '../api/schemas/profile';
import { latencyStats, percentile } from '../bench/stats';
import type { GraphModel } from '../model/graph';
import type { ShapeBinding } from '../model/shape-propagation';
import { byOpType } from '../views/profile-aggregate';
import { ModelCosts, movedBytes, opFlops } from './node-costs';
import type { RawNode, RawProfile } from './raw-profile';
import { uniqueNames } from './raw-profile';
import { mapToOriginals } from './runtime-mapping';

export interface BuildExtras {
  machine?: MachineInfo | null;
  peaks?: MachinePeaks | null;
  /**
   * The original model and the input shapes it ran at: runtime nodes without originals are
   * mapped to it by structure, and FLOPs and bytes are counted on it.
   */
  model?: { graph: GraphModel['graph']; bind: ShapeBinding } | null;
}

/** Turn collected samples into the profile file: statistics, totals, op types, rates. */
export function buildProfile(raw: RawProfile, extras: BuildExtras = {}): ProfileFile {
  const names = uniqueNames(raw.nodes.map((n) => n.name));
  const graph = extras.model?.graph ?? null;
  let unmapped: ProfileFile['unmapped_originals'] = [];
  let mapped: string[][] | null = null;
  if (graph && raw.nodes.some((n) => n.originals === null)) {
    const m = mapToOriginals(
      graph,
      raw.nodes.map((n, i) => ({
        name: names[i]!,
        inputs: n.inputNames ?? [],
        outputs: n.outputNames ?? [],
      })),
    );
    mapped = m.originals;
    unmapped = m.unmapped;
  } else if (graph) {
    const covered = new Set(raw.nodes.flatMap((n) => n.originals ?? []));
    unmapped = graph.nodes
      .filter((n) => !covered.has(n.name || n.id))
      .map((n) => ({ name: n.name || n.id, op_type: n.opType }));
  }
  const costs = extras.model ? new ModelCosts(extras.model.graph, extras.model.bind) : null;

  const nodes: ProfileNode[] = raw.nodes.map((n, i) => {
    const originals = n.originals ?? mapped?.[i] ?? [];
    return profileNode(n, names[i]!, i, originals, costs);
  });
  const totalUs = nodes.reduce((a, n) => a + n.total_us, 0);
  return {
    version: PROFILE_FILE_VERSION,
    kind: 'sparsescope-profile',
    source: raw.source,
    source_files: raw.sourceFiles,
    created_at: raw.createdAt,
    engine: raw.engine,
    engine_version: raw.engineVersion,
    model: raw.model,
    config: raw.config,
    machine: extras.machine ?? null,
    peaks: extras.peaks ?? null,
    iterations: raw.iterations,
    latency_ms: latencyStats(raw.latenciesMs ?? []),
    node_sum_ms: raw.iterations > 0 ? totalUs / 1000 / raw.iterations : null,
    total_us: totalUs,
    per_iteration: perIteration(raw),
    nodes,
    by_op_type: byOpType(nodes, raw.iterations),
    runtime_graph: raw.runtimeGraph,
    unmapped_originals: unmapped,
    timeline: raw.timeline,
    notes: raw.notes,
  };
}

/** Node sums per iteration, when every node has one sample per iteration (runs, not averages). */
function perIteration(raw: RawProfile): ProfileFile['per_iteration'] {
  const n = raw.iterations;
  if (n === 0 || !raw.nodes.every((x) => x.samplesMs.length === n || x.samplesMs.length === 0))
    return null;
  const sums = new Array<number>(n).fill(0);
  for (const x of raw.nodes) x.samplesMs.forEach((ms, i) => (sums[i]! += ms));
  const latency = raw.latenciesMs && raw.latenciesMs.length === n ? raw.latenciesMs : null;
  return { node_sum_ms: sums, latency_ms: latency };
}

function profileNode(
  n: RawNode,
  name: string,
  order: number,
  originals: string[],
  costs: ModelCosts | null,
): ProfileNode {
  const samples = n.samplesMs;
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const mean = samples.length ? sum / samples.length : 0;
  const time_ms = samples.length
    ? {
        mean,
        median: percentile(sorted, 50),
        min: sorted[0]!,
        max: sorted.at(-1)!,
        count: samples.length,
      }
    : { mean: 0, median: 0, min: 0, max: 0, count: 0 };

  // Bytes from what the engine reports it moved (ORT events, OpenVINO ports) when it says;
  // FLOPs from the original nodes a runtime node covers, else from its own shapes.
  const modelCost =
    costs && (n.inputNames || originals.length)
      ? costs.cost({
          opType: n.opType,
          originals,
          inputs: n.inputNames ?? [],
          outputs: n.outputNames ?? [],
          impl: n.kernel.impl,
        })
      : null;
  const inputs = n.inputs.length ? n.inputs : (modelCost?.inputs ?? []);
  const outputs = n.outputs.length ? n.outputs : (modelCost?.outputs ?? []);
  const flops =
    modelCost && originals.length
      ? modelCost.flops
      : opFlops(
          n.opType,
          inputs.map((f) => f.shape),
          outputs.map((f) => f.shape),
        );
  const bytes = n.inputs.length
    ? movedBytes(n.opType, n.inputs, n.outputs)
    : (modelCost?.bytes ?? movedBytes(n.opType, inputs, outputs));
  const executed = n.status === 'executed' && mean > 0;
  let cpuMean: number | null = null;
  if (n.cpuMs && n.cpuMs.length) cpuMean = n.cpuMs.reduce((a, b) => a + b, 0) / n.cpuMs.length;
  return {
    name,
    op_type: n.opType,
    originals,
    status: n.status,
    kernel: n.kernel,
    order,
    time_ms,
    cpu_ms: cpuMean,
    total_us: sum * 1000,
    flops,
    bytes,
    gflops: executed && flops !== null ? flops / (mean * 1e6) : null,
    gbps: executed && bytes !== null ? bytes / (mean * 1e6) : null,
    threads: n.threads,
    inputs,
    outputs,
  };
}
