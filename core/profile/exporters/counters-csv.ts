import type { ProfileFile } from '../../api/schemas/profile';

/**
 * benchmark_app's counters report CSV (the average_counters form of
 * tools/benchmark/utils/statistics_report.py): ";"-separated, one row per node in execution
 * order with its mean over the profile's iterations, then the Total row. The counters CSV
 * importer reads it back.
 */

const STATUS = {
  executed: 'EXECUTED',
  not_run: 'NOT_RUN',
  optimized_out: 'OPTIMIZED_OUT',
} as const;

/** A cell without the separator or line breaks (layer names may hold anything). */
const cell = (s: string): string => s.replace(/[;\r\n]/g, '_');

export function toCountersCsv(profile: ProfileFile): string {
  const lines = ['layerName;execStatus;layerType;execType;realTime (ms);cpuTime (ms)'];
  let real = 0;
  let cpu = 0;
  const rows = [...profile.nodes].sort((a, b) => a.order - b.order);
  for (const n of rows) {
    const r = Number(n.time_ms.mean.toFixed(3));
    const c = Number((n.cpu_ms ?? n.time_ms.mean).toFixed(3));
    real += r;
    cpu += c;
    lines.push(
      [
        cell(n.name),
        STATUS[n.status],
        cell(n.op_type),
        cell(n.kernel.exec_type ?? 'unknown'),
        r.toFixed(3),
        c.toFixed(3),
      ].join(';'),
    );
  }
  lines.push(['Total', '', '', '', real.toFixed(3), cpu.toFixed(3)].join(';'));
  return lines.join('\n') + '\n\n';
}
