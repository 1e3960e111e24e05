import type { ProfileFile } from '../../api/schemas/profile';
import { kernelLabel } from '../../views/profile-aggregate';

/**
 * Per-node metrics as Netron attaches them to a model it has open (lutzroeder/netron
 * source/view.js, metadata.Attachment): a JSON file with "signature": "netron:attachment" and
 * a "metrics" list of { kind: "node", target: <node name>, name, value, type }. Netron keys an
 * entry by `${kind}::${target}` against the node's name, so targets are the ORIGINAL model's
 * node names (what Netron shows when it opens the model): each original node gets the time
 * of the runtime node that computed it, and the name of that runtime node when it was fused.
 */

export interface NetronMetric {
  kind: 'node';
  target: string;
  name: string;
  value: number | string;
  type?: string;
}

export interface NetronAttachment {
  signature: 'netron:attachment';
  metadata: NetronMetric[];
  metrics: NetronMetric[];
}

export function toNetronMetrics(profile: ProfileFile): NetronAttachment {
  const metrics: NetronMetric[] = [];
  for (const n of profile.nodes) {
    if (n.status !== 'executed') continue;
    // Runtime-only nodes (layout reorders …) cover no original node: keyed by their own name.
    const targets = n.originals.length ? n.originals : [n.name];
    const share = profile.total_us > 0 ? n.total_us / profile.total_us : 0;
    for (const target of targets) {
      metrics.push({
        kind: 'node',
        target,
        name: 'time (ms)',
        value: Number(n.time_ms.mean.toFixed(4)),
      });
      metrics.push({ kind: 'node', target, name: 'time share', value: share, type: 'percentage' });
      metrics.push({ kind: 'node', target, name: 'kernel', value: kernelLabel(n) });
      if (n.gflops !== null)
        metrics.push({ kind: 'node', target, name: 'GFLOP/s', value: Number(n.gflops.toFixed(2)) });
      if (targets.length > 1 || target !== n.name)
        metrics.push({
          kind: 'node',
          target,
          name: 'runtime node',
          value: `${n.name} (${n.op_type}, ${targets.length} fused)`,
        });
    }
  }
  return { signature: 'netron:attachment', metadata: [], metrics };
}
