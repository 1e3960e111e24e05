import { useMemo } from 'react';
import type { CompareRow } from '../../../../core/views/compare-runs';
import { DataTable, type Column } from '../../components/data-table';

const fps = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** A/B compare: per configuration, B's median throughput against A's. */
export function CompareTable({
  rows,
  aName,
  bName,
}: {
  rows: CompareRow[];
  aName: string;
  bName: string;
}) {
  const columns = useMemo<Column<CompareRow>[]>(
    () => [
      { id: 'config', header: 'Configuration', cell: (r) => r.id, sortValue: (r) => r.id },
      {
        id: 'a',
        header: `A: ${aName} (FPS)`,
        numeric: true,
        cell: (r) => fps(r.aFps),
        sortValue: (r) => r.aFps,
      },
      {
        id: 'b',
        header: `B: ${bName} (FPS)`,
        numeric: true,
        cell: (r) => fps(r.bFps),
        sortValue: (r) => r.bFps,
      },
      {
        id: 'delta',
        header: 'B vs A',
        numeric: true,
        cell: (r) =>
          r.delta === null
            ? '—'
            : `${r.withinNoise ? '≈ ' : ''}${pct(r.delta)}${r.withinNoise ? ' (within noise)' : ''}`,
        cellClass: (r) =>
          r.delta === null || r.withinNoise ? 'noise' : r.delta >= 0 ? 'gain' : 'loss',
        cellTitle: (r) =>
          r.ci
            ? `95% interval of B/A: ${pct(r.ci.low - 1)} to ${pct(r.ci.high - 1)}`
            : 'interval unknown: fewer than 2 repeats on a side',
        sortValue: (r) => r.delta,
      },
    ],
    [aName, bName],
  );
  if (rows.length === 0) return <p className="muted">Nothing to compare.</p>;
  return (
    <DataTable label="A/B compare" compact rows={rows} columns={columns} rowKey={(r) => r.id} />
  );
}
