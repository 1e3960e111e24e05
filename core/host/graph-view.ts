import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  GraphView,
  GraphViewGraph,
  GraphViewNode,
  GraphViewRequest,
  RuntimeGraphInfo,
  WeightStats,
} from '../api/graph-view';
import { UserError } from '../api/errors';
import type { ProfileFile } from '../api/schemas/profile';
import type { GraphModel } from '../model/graph';
import { openModelFile } from '../model/registry';
import { weightStats } from '../model/weight-stats';
import { findTensor, graphViewOf, MAIN_GRAPH, type ShapesAt } from './graph-view-model';

/**
 * The runtime graph of a profile drawn from its node list: each runtime node takes the place
 * of the original nodes it covers (its `originals`), so the edges are the original edges
 * between fusions. Originals no runtime node covers (folded at load) drop out; runtime-only
 * nodes (no originals, and no original of their name) cannot be placed and are listed.
 */
export function contractedGraph(
  original: GraphViewGraph,
  profile: ProfileFile,
): { graph: GraphViewGraph; undrawn: string[] } {
  const names = new Set(original.nodes.map((n) => n.name));
  const owner = new Map<string, number>();
  const runtime = [...profile.nodes].sort((a, b) => a.order - b.order);
  const undrawn: string[] = [];
  const covers = runtime.map((r, i) => {
    const list = r.originals.length ? r.originals : names.has(r.name) ? [r.name] : [];
    const mine = list.filter((o) => names.has(o) && !owner.has(o));
    for (const o of mine) owner.set(o, i);
    if (mine.length === 0) undrawn.push(r.name);
    return mine;
  });
  const byName = new Map(original.nodes.map((n) => [n.name, n]));
  const producedIn = new Map<string, number>();
  for (const n of original.nodes) {
    const i = owner.get(n.name);
    if (i !== undefined) for (const o of n.outputs) if (o) producedIn.set(o, i);
  }
  const consumedOutside = new Set<string>(original.outputs);
  for (const n of original.nodes) {
    const i = owner.get(n.name);
    for (const v of n.inputs) if (v && producedIn.get(v) !== i) consumedOutside.add(v);
  }
  const nodes: GraphViewNode[] = [];
  runtime.forEach((r, i) => {
    const members = covers[i]!.map((o) => byName.get(o)!);
    if (members.length === 0) return;
    const inputs: string[] = [];
    const outputs: string[] = [];
    for (const m of members) {
      for (const v of m.inputs)
        if (v && producedIn.get(v) !== i && !inputs.includes(v)) inputs.push(v);
      for (const v of m.outputs) if (v && consumedOutside.has(v)) outputs.push(v);
    }
    const single = members.length === 1 ? members[0]! : null;
    nodes.push({
      id: r.name,
      name: r.name,
      opType: r.op_type,
      domain: single?.domain ?? '',
      attributes: single?.attributes ?? [],
      inputs,
      outputs,
      subgraphs: [],
      originals: covers[i]!,
    });
  });
  return { graph: { ...original, nodes }, undrawn };
}

interface Loaded {
  file: string;
  mtimeMs: number;
  model: GraphModel;
}

/**
 * The Graph area's host side: a model by id → its graph view (original or a profile's
 * runtime graph), and statistics of one weight on demand. The last model read is kept, so
 * clicking through weights of a 400 MB model does not re-read the file for each.
 */
export class GraphViews {
  private last: Loaded | null = null;

  constructor(
    private readonly resolveModel: (id: string) => Promise<{ path: string; label: string }>,
    private readonly getProfile: (id: string) => Promise<ProfileFile>,
  ) {}

  async view(modelId: string, request: GraphViewRequest): Promise<GraphView> {
    const { path: file, label } = await this.resolveModel(modelId);
    const model = await this.read(file);
    if (request.kind === 'original') return graphViewOf(model, { modelId, title: label });
    if (!request.profileId)
      throw new UserError('BadRequest', 'A runtime graph needs a profile: pick one first.');
    const profile = await this.getProfile(request.profileId);
    return runtimeView(model, profile, request.profileId, { modelId, title: label });
  }

  async weightStats(modelId: string, graphId: string, tensor: string): Promise<WeightStats> {
    const { path: file } = await this.resolveModel(modelId);
    const model = await this.read(file);
    const t = findTensor(model, graphId, tensor);
    if (!t)
      throw new UserError(
        'NotFound',
        `${file}: no constant tensor "${tensor}" in graph ${graphId}.`,
      );
    return weightStats(t);
  }

  private async read(file: string): Promise<GraphModel> {
    let mtimeMs = 0;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      // openModelFile says what is wrong with the path.
    }
    if (this.last && this.last.file === file && this.last.mtimeMs === mtimeMs)
      return this.last.model;
    this.last = null;
    const model = await openModelFile(file);
    this.last = { file, mtimeMs, model };
    return model;
  }
}

/** Where a profile's inferred shapes are bound: the batch and sequence it ran at. */
function shapesOf(profile: ProfileFile): ShapesAt {
  return { batch: profile.config.batch ?? 1, seq: profile.config.seq ?? 128 };
}

/**
 * A profile's runtime graph: ORT's optimized model when the profile kept it (its node names
 * are the profile's), else the original graph contracted by the profile's node list (the
 * builtin's plan, OpenVINO's execution graph, an ORT profile whose model is gone).
 */
export async function runtimeView(
  original: GraphModel,
  profile: ProfileFile,
  profileId: string,
  options: { modelId: string | null; title: string },
): Promise<GraphView> {
  const at = shapesOf(profile);
  const rg = profile.runtime_graph;
  const originalsOf = new Map(profile.nodes.map((n) => [n.name, n.originals]));
  if (rg?.kind === 'ort-optimized-onnx' && rg.path && existsSync(rg.path)) {
    const optimized = await openModelFile(rg.path);
    const view = graphViewOf(optimized, { ...options, at });
    for (const g of view.graphs)
      for (const n of g.nodes) n.originals = originalsOf.get(n.name) ?? [];
    const timed = new Set(view.graphs.flatMap((g) => g.nodes.map((n) => n.name)));
    return {
      ...view,
      kind: 'runtime',
      runtime: info(profileId, 'ort-optimized-onnx', {
        note: `ORT's optimized model (${path.basename(rg.path)}), as the profile ran it`,
        undrawn: profile.nodes.map((n) => n.name).filter((n) => !timed.has(n)),
      }),
    };
  }
  const view = graphViewOf(original, { ...options, at });
  const main = view.graphs.find((g) => g.id === MAIN_GRAPH)!;
  const { graph, undrawn } = contractedGraph(main, profile);
  const what =
    rg?.kind === 'builtin-plan'
      ? "the builtin's plan: each step drawn where the original nodes it fuses were"
      : rg?.kind === 'openvino-exec-graph'
        ? "OpenVINO's execution graph, drawn over the original nodes each layer covers (originalLayersNames)"
        : "the profile's runtime nodes, drawn over the original nodes each covers";
  return {
    ...view,
    kind: 'runtime',
    graphs: [graph],
    runtime: info(profileId, rg?.kind === 'builtin-plan' ? 'builtin-plan' : 'contracted', {
      note: `${what}; ${graph.nodes.length} runtime nodes for ${main.nodes.length} original nodes`,
      undrawn,
    }),
  };
}

function info(
  profileId: string,
  source: RuntimeGraphInfo['source'],
  rest: { note: string; undrawn: string[] },
): RuntimeGraphInfo {
  return { profileId, source, ...rest };
}
