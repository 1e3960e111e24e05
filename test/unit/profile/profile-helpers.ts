import type { ProfileFile, ProfileNode } from '../../../core/api/schemas/profile';
import { buildProfile } from '../../../core/profile/build-profile';
import {
  NO_CONFIG,
  NO_MODEL,
  type RawNode,
  type RawProfile,
} from '../../../core/profile/raw-profile';

/** A raw node with exact samples (ms) for arithmetic tests. */
export function rawNode(
  name: string,
  opType: string,
  samplesMs: number[],
  extra: Partial<RawNode> = {},
): RawNode {
  return {
    name,
    opType,
    originals: [name],
    status: 'executed',
    kernel: { impl: null, precision: 'fp32', tier: null, exec_type: null },
    samplesMs,
    cpuMs: null,
    threads: 1,
    inputNames: null,
    outputNames: null,
    inputs: [],
    outputs: [],
    ...extra,
  };
}

export function rawProfile(nodes: RawNode[], extra: Partial<RawProfile> = {}): RawProfile {
  return {
    source: 'sparsescope',
    sourceFiles: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    engine: 'builtin',
    engineVersion: null,
    model: NO_MODEL,
    config: NO_CONFIG,
    iterations: Math.max(0, ...nodes.map((n) => n.samplesMs.length)),
    latenciesMs: null,
    nodes,
    timeline: null,
    runtimeGraph: null,
    notes: [],
    ...extra,
  };
}

export function profileOf(nodes: RawNode[], extra: Partial<RawProfile> = {}): ProfileFile {
  return buildProfile(rawProfile(nodes, extra));
}

export function nodeNamed(p: ProfileFile, name: string): ProfileNode {
  const n = p.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}
