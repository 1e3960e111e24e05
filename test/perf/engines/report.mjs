// Tables of the engine benchmark: throughput per figure, ratios against ORT with their spread,
// thread scaling, the builtin's per-op-type time, and the kernel micro-benchmarks.
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');

export const spreadText = (s) => (s ? `${f2(s.median)} (${f2(s.min)}–${f2(s.max)})` : '–');

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The ratio table: one row per comparison, one column per config × seq. */
export function ratioTable(ratios, columns) {
  const names = [...new Set(ratios.map((r) => r.name))];
  const rows = names.map((name) => {
    const target = ratios.find((r) => r.name === name)?.target;
    return [
      name,
      ...columns.map((c) =>
        spreadText(ratios.find((r) => r.name === name && r.column === c)?.spread),
      ),
      target ? `≥ ${target}` : '',
    ];
  });
  return table(['ratio (median, min–max over rounds)', ...columns, 'target'], rows);
}

export function throughputTable(figures, columns) {
  const labels = [...new Set(figures.map((f) => f.label))];
  const rows = labels.map((l) => [
    l,
    ...columns.map((c) => spreadText(figures.find((f) => f.label === l && f.column === c)?.fps)),
  ]);
  return table(['inferences/s (median, min–max)', ...columns], rows);
}

/**
 * Thread scaling, with each round's ratio beside the core-to-core round trip measured just
 * before it: threads sharing data run slower when the hypervisor has put the vCPUs on cores
 * that share no cache (core-latency.mjs).
 */
export function scalingTable(scaling) {
  return table(
    [
      '1 × 2 / 1 × 1 throughput',
      'seq',
      'ratio (median, min–max)',
      'per round (ratio @ core-to-core round trip)',
      'target',
    ],
    scaling.map((s) => [
      s.label,
      s.seq,
      spreadText(s.spread),
      s.samples.map((x, i) => `${f2(x)} @ ${Math.round(s.roundTripNs?.[i] ?? NaN)} ns`).join(', '),
      s.target ? `≥ ${s.target}` : '',
    ]),
  );
}

/** Per builtin model and seq: op types by share of the summed node time. */
export function breakdownText(breakdowns) {
  return breakdowns
    .map((b) => {
      const total = b.byOp.reduce((a, o) => a + o.ms, 0);
      const top = b.byOp
        .slice(0, 7)
        .map(
          (o) =>
            `${o.opType} [${o.kernels.join(', ')}] ${f2(o.ms)} ms ${f1((100 * o.ms) / total)}%`,
        )
        .join('; ');
      return `${b.label} seq ${b.seq}: node sum ${f2(total)} ms / latency median ${f2(b.latencyMs)} ms — ${top}`;
    })
    .join('\n');
}

export function kernelTable(rows) {
  return table(
    ['kernel', 'shape', 'tier', 'GFLOP/s (int8: GOP/s)', 'tier peak', '% of peak'],
    rows.map((r) => [
      r.kernel,
      r.shape,
      r.tier,
      f1(r.gflops),
      f1(r.peak),
      r.onPeak === null ? '–' : `${f1((100 * r.onPeak) / r.peak)}%`,
    ]),
  );
}
