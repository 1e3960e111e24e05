import type { ProfileFile, ProfileNode } from '../api/schemas/profile';
import { byOpType } from './profile-aggregate';

export interface NodeDeltaRow {
  /** The node's name in A (else in B). */
  name: string;
  /** B's name when it differs (matched by the original nodes both cover). */
  bName: string | null;
  opType: string;
  aMs: number | null;
  bMs: number | null;
  /** bMs − aMs. */
  deltaMs: number | null;
  /** bMs / aMs. */
  ratio: number | null;
}

export interface OpTypeDeltaRow {
  opType: string;
  aMs: number;
  bMs: number;
  deltaMs: number;
  ratio: number | null;
}

const key = (n: ProfileNode): string => [...n.originals].sort().join('\n');

/**
 * Per-node delta of mean time between two profiles (A → B). Nodes pair by name; nodes whose
 * names differ pair by the set of original nodes they cover (a fused node in one engine and
 * the same fusion in another). Unpaired nodes keep a null side. Largest change first.
 */
export function profileNodeDelta(
  a: Pick<ProfileFile, 'nodes'>,
  b: Pick<ProfileFile, 'nodes'>,
): NodeDeltaRow[] {
  const bByName = new Map(b.nodes.map((n) => [n.name, n]));
  const bByOriginals = new Map<string, ProfileNode>();
  for (const n of b.nodes) if (n.originals.length) bByOriginals.set(key(n), n);
  const used = new Set<ProfileNode>();
  const rows: NodeDeltaRow[] = [];
  for (const na of a.nodes) {
    let nb = bByName.get(na.name);
    if (!nb && na.originals.length) nb = bByOriginals.get(key(na));
    if (nb && used.has(nb)) nb = undefined;
    if (nb) used.add(nb);
    rows.push(row(na, nb ?? null));
  }
  for (const nb of b.nodes) if (!used.has(nb)) rows.push(row(null, nb));
  return rows.sort(
    (x, y) =>
      Math.abs(y.deltaMs ?? y.bMs ?? y.aMs ?? 0) - Math.abs(x.deltaMs ?? x.bMs ?? x.aMs ?? 0) ||
      x.name.localeCompare(y.name),
  );
}

function row(a: ProfileNode | null, b: ProfileNode | null): NodeDeltaRow {
  const aMs = a ? a.time_ms.mean : null;
  const bMs = b ? b.time_ms.mean : null;
  return {
    name: (a ?? b)!.name,
    bName: a && b && a.name !== b.name ? b.name : null,
    opType: (a ?? b)!.op_type,
    aMs,
    bMs,
    deltaMs: aMs !== null && bMs !== null ? bMs - aMs : null,
    ratio: aMs !== null && bMs !== null && aMs > 0 ? bMs / aMs : null,
  };
}

/** Per-op-type delta of mean ms per iteration (A → B), largest change first. */
export function profileOpTypeDelta(
  a: Pick<ProfileFile, 'nodes' | 'iterations'>,
  b: Pick<ProfileFile, 'nodes' | 'iterations'>,
): OpTypeDeltaRow[] {
  const ra = new Map(byOpType(a.nodes, a.iterations).map((r) => [r.op_type, r.mean_ms]));
  const rb = new Map(byOpType(b.nodes, b.iterations).map((r) => [r.op_type, r.mean_ms]));
  const types = [...new Set([...ra.keys(), ...rb.keys()])];
  return types
    .map((opType) => {
      const aMs = ra.get(opType) ?? 0;
      const bMs = rb.get(opType) ?? 0;
      return { opType, aMs, bMs, deltaMs: bMs - aMs, ratio: aMs > 0 ? bMs / aMs : null };
    })
    .sort((x, y) => Math.abs(y.deltaMs) - Math.abs(x.deltaMs) || x.opType.localeCompare(y.opType));
}
