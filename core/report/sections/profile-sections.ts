import type { ReportBlock } from '../../api/schemas/report';
import {
  byOpType,
  hotspots,
  kernelBreakdown,
  kernelLabel,
  nodeSumVsEndToEnd,
  precisionBreakdown,
  type BreakdownRow,
} from '../../views/profile-aggregate';
import { profileNodeDelta, profileOpTypeDelta } from '../../views/profile-delta';
import type { ProfileInput } from '../inputs';
import { block, makeTable } from '../table';

/** Hotspots shown per profile: the Profile page's table sorted by time, cut here. */
export const TOP_HOTSPOTS = 20;
/** Per-node delta rows shown between two profiles. */
export const TOP_NODE_DELTAS = 30;

const breakdownTable = (id: string, title: string, rows: BreakdownRow[]) =>
  makeTable(
    id,
    title,
    [
      ['key', 'group', 'text'],
      ['count', 'nodes', 'int'],
      ['total_us', 'total (µs)', 'number'],
      ['share', 'share', 'share'],
    ],
    rows.map((r) => [r.key, r.count, r.total_us, r.share]),
  );

/** What a profile says about where the time goes (core/views/profile-aggregate). */
export function hotspotsBlock(input: ProfileInput, tag: string, title: string | null): ReportBlock {
  const p = input.profile;
  const e2e = nodeSumVsEndToEnd(p);
  const ops = byOpType(p.nodes, p.iterations);
  const top = hotspots(p, TOP_HOTSPOTS);
  const c = p.config;
  const what = `${p.engine}${p.engine_version ? ` ${p.engine_version}` : ''} · ${p.model.path ?? p.source_files.join(', ')} · ${c.streams ?? '?'} stream(s) × ${c.threads ?? '?'} thread(s), seq ${c.seq ?? '?'}, batch ${c.batch ?? '?'} · ${p.iterations} iteration(s) · ${p.nodes.length} nodes · source ${p.source}`;
  return block(title, {
    paragraphs: [what, e2e.explanation],
    tables: [
      makeTable(
        `${tag}-node-sum`,
        'Node sum vs end to end',
        [
          ['node_sum_ms', 'sum of node times per iteration (ms)', 'ms'],
          ['latency_median_ms', 'end-to-end median (ms)', 'ms'],
          ['latency_avg_ms', 'end-to-end avg (ms)', 'ms'],
          ['ratio', 'node sum / median', 'number'],
          ['per_iteration_ratio', 'per iteration (median)', 'number'],
          ['gap_ms', 'gap (ms)', 'ms'],
          ['total_us', 'total node time (µs)', 'number'],
        ],
        [
          [
            e2e.nodeSumMs,
            e2e.latencyMedianMs,
            e2e.latencyAvgMs,
            e2e.ratio,
            e2e.perIterationRatio,
            e2e.gapMs,
            p.total_us,
          ],
        ],
      ),
      makeTable(
        `${tag}-hotspots`,
        `Top ${Math.min(TOP_HOTSPOTS, p.nodes.length)} hotspots`,
        [
          ['rank', 'rank', 'int'],
          ['name', 'node', 'text'],
          ['op_type', 'op', 'text'],
          ['kernel', 'kernel', 'text'],
          ['mean_ms', 'mean (ms)', 'ms'],
          ['median_ms', 'median (ms)', 'ms'],
          ['share', 'share', 'share'],
          ['cumulative', 'cumulative', 'share'],
          ['gflops', 'GFLOP/s', 'number'],
          ['gbps', 'GB/s', 'number'],
        ],
        top.map((h) => [
          h.rank,
          h.node.name,
          h.node.op_type,
          kernelLabel(h.node),
          h.node.time_ms.mean,
          h.node.time_ms.median,
          h.share,
          h.cumulative,
          h.node.gflops,
          h.node.gbps,
        ]),
      ),
      makeTable(
        `${tag}-op-types`,
        'Time per op type',
        [
          ['op_type', 'op type', 'text'],
          ['count', 'nodes', 'int'],
          ['total_us', 'total (µs)', 'number'],
          ['mean_ms', 'ms per iteration', 'ms'],
          ['share', 'share', 'share'],
        ],
        ops.map((o) => [o.op_type, o.count, o.total_us, o.mean_ms, o.share]),
      ),
      breakdownTable(`${tag}-kernels`, 'Kernel breakdown', kernelBreakdown(p.nodes)),
      breakdownTable(`${tag}-precisions`, 'Precision breakdown', precisionBreakdown(p.nodes)),
    ],
    charts: [
      {
        kind: 'bars',
        id: `${tag}-op-types-chart`,
        title: 'Share of time per op type',
        value_label: 'share of total node time',
        format: 'share',
        bars: ops.slice(0, 15).map((o) => ({ label: o.op_type, value: o.share })),
      },
    ],
  });
}

/** Per-op-type and per-node change from profile A to B (core/views/profile-delta). */
export function profileDeltaBlock(a: ProfileInput, b: ProfileInput, tag: string): ReportBlock {
  const ops = profileOpTypeDelta(a.profile, b.profile);
  const nodes = profileNodeDelta(a.profile, b.profile).slice(0, TOP_NODE_DELTAS);
  return block(`Profile ${a.name} (A) → ${b.name} (B)`, {
    paragraphs: [
      'Mean ms per iteration; nodes pair by name, else by the original nodes they cover (a fusion in one engine and the same fusion in another).',
    ],
    tables: [
      makeTable(
        `${tag}-op-type-delta`,
        'Per op type, A → B',
        [
          ['op_type', 'op type', 'text'],
          ['a_ms', 'A (ms)', 'ms'],
          ['b_ms', 'B (ms)', 'ms'],
          ['delta_ms', 'B − A (ms)', 'ms'],
          ['ratio', 'B / A', 'ratio'],
        ],
        ops.map((o) => [o.opType, o.aMs, o.bMs, o.deltaMs, o.ratio]),
      ),
      makeTable(
        `${tag}-node-delta`,
        `Largest per-node changes (top ${nodes.length})`,
        [
          ['name', 'node (A)', 'text'],
          ['b_name', 'node (B), when named otherwise', 'text'],
          ['op_type', 'op', 'text'],
          ['a_ms', 'A (ms)', 'ms'],
          ['b_ms', 'B (ms)', 'ms'],
          ['delta_ms', 'B − A (ms)', 'ms'],
          ['ratio', 'B / A', 'ratio'],
        ],
        nodes.map((n) => [n.name, n.bName, n.opType, n.aMs, n.bMs, n.deltaMs, n.ratio]),
      ),
    ],
  });
}
