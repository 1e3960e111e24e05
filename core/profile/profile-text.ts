import type { ProfileFile } from '../api/schemas/profile';
import { hotspots, nodeSumVsEndToEnd } from '../views/profile-aggregate';

/**
 * A profile as text, the way benchmark_app -pc -pcsort sort prints per-layer counters:
 * name, status, layerType, execType, realTime — slowest first — then the op-type summary and
 * the node sum against end to end. What `sparsescope profile` prints.
 */

const STATUS = {
  executed: 'EXECUTED',
  not_run: 'NOT_RUN',
  optimized_out: 'OPTIMIZED_OUT',
} as const;

const pad = (s: string, n: number): string =>
  s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
const ms = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));

export function formatProfileText(p: ProfileFile, top: number | null = null): string {
  const out: string[] = [];
  const c = p.config;
  const shape = c.shapes
    ? Object.entries(c.shapes)
        .map(([n, d]) => `${n}[${d.join(',')}]`)
        .join(',')
    : c.seq !== null
      ? `seq ${c.seq}`
      : 'n/a';
  out.push(
    `[ INFO ] Profile:   ${p.engine}${p.engine_version ? ' ' + p.engine_version : ''}, ${p.model.path ?? p.source_files.join(', ')}`,
  );
  out.push(
    `[ INFO ] Config:    ${c.streams ?? '?'} stream(s) × ${c.threads ?? '?'} thread(s), batch ${c.batch ?? '?'}, ${shape}, ${p.iterations} iteration(s)${c.warmup !== null ? ` after ${c.warmup} warm-up` : ''}`,
  );
  const rows = hotspots(p, top ?? p.nodes.length);
  const nameWidth = Math.min(48, Math.max(9, ...rows.map((r) => r.node.name.length)));
  const typeWidth = Math.min(24, Math.max(9, ...rows.map((r) => r.node.op_type.length)));
  const execWidth = Math.min(
    32,
    Math.max(8, ...rows.map((r) => (r.node.kernel.exec_type ?? '').length)),
  );
  out.push(`[ INFO ] Performance counts, mean over ${p.iterations} iteration(s), sorted by time:`);
  out.push(
    pad('layerName', nameWidth) +
      pad('execStatus', 14) +
      pad('layerType', typeWidth) +
      pad('execType', execWidth) +
      pad('realTime (ms)', 14) +
      'share',
  );
  for (const r of rows) {
    const n = r.node;
    out.push(
      pad(n.name, nameWidth) +
        pad(STATUS[n.status], 14) +
        pad(n.op_type, typeWidth) +
        pad(n.kernel.exec_type ?? 'unknown', execWidth) +
        pad(ms(n.time_ms.mean), 14) +
        `${(r.share * 100).toFixed(2)}%`,
    );
  }
  if (top !== null && top < p.nodes.length)
    out.push(`… ${p.nodes.length - top} more node(s) (--top ${top})`);
  out.push(`Total time: ${ms(p.node_sum_ms)} milliseconds (sum of node means per iteration)`);
  out.push('');
  out.push('[ INFO ] By op type:');
  const typeCol = Math.max(8, ...p.by_op_type.map((r) => r.op_type.length));
  out.push(`  ${pad('op type', typeCol)}${pad('count', 7)}${pad('ms/iter', 10)}share`);
  for (const r of p.by_op_type)
    out.push(
      `  ${pad(r.op_type, typeCol)}${pad(String(r.count), 7)}${pad(ms(r.mean_ms), 10)}${(r.share * 100).toFixed(1)}%`,
    );
  out.push('');
  const e2e = nodeSumVsEndToEnd(p);
  out.push(
    `[ INFO ] Node sum vs end to end: node sum ${ms(e2e.nodeSumMs)} ms, latency median ${ms(e2e.latencyMedianMs)} ms (avg ${ms(e2e.latencyAvgMs)})` +
      (e2e.ratio !== null ? `, node_sum / median = ${e2e.ratio.toFixed(3)}` : '') +
      (e2e.perIterationRatio !== null
        ? `, per-iteration median ratio ${e2e.perIterationRatio.toFixed(3)}`
        : ''),
  );
  out.push(`[ INFO ] ${e2e.explanation}`);
  if (p.unmapped_originals.length)
    out.push(
      `[ INFO ] ${p.unmapped_originals.length} original node(s) run by no runtime node (folded at load, optimized out or packed into a weight)`,
    );
  for (const n of p.notes) out.push(`[ WARNING ] ${n}`);
  return out.join('\n') + '\n';
}
