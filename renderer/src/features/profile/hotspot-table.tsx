import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { ProfileFile } from '../../../../core/api/contract';
import type { ProfileNode } from '../../../../core/api/schemas/profile';
import { kernelLabel } from '../../../../core/views/profile-aggregate';
import { DataTable, type Column } from '../../components/data-table';
import { useStore } from '../../store/index';

interface Row {
  node: ProfileNode;
  share: number;
  /** Name, op type and kernel, lower case: what the filter matches (built once per profile). */
  search: string;
}

const ms = (v: number) => (v >= 1 ? v.toFixed(2) : v.toFixed(3));
const rate = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/**
 * Every runtime node of the profile: sortable, filterable by name, op type or kernel, and
 * virtualised so a 20,000-node profile scrolls smoothly. Each row is keyed by the node's
 * name, its stable identity: clicking it focuses that node (the graph view follows it).
 */
export const HotspotTable = memo(function HotspotTable({ profile }: { profile: ProfileFile }) {
  const [filter, setFilter] = useState('');
  // Typing stays responsive: the table filters 20,000 rows in a render React may defer.
  const deferredFilter = useDeferredValue(filter);
  const focused = useStore((s) => s.focusedNode);
  const focusNode = useStore((s) => s.focusNode);
  const rows = useMemo<Row[]>(
    () =>
      profile.nodes.map((node) => ({
        node,
        share: profile.total_us > 0 ? node.total_us / profile.total_us : 0,
        search: [node.name, node.op_type, kernelLabel(node), node.kernel.exec_type ?? '']
          .join(' ')
          .toLowerCase(),
      })),
    [profile],
  );
  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        id: 'name',
        header: 'Node',
        cell: (r) => r.node.name,
        sortValue: (r) => r.node.name,
        filterText: (r) => r.search,
        cellTitle: (r) =>
          r.node.originals.length > 1 ? `covers ${r.node.originals.join(', ')}` : undefined,
      },
      {
        id: 'op',
        header: 'Op type',
        cell: (r) => r.node.op_type,
        sortValue: (r) => r.node.op_type,
      },
      {
        id: 'kernel',
        header: 'Kernel',
        cell: (r) => r.node.kernel.impl ?? r.node.kernel.exec_type ?? '—',
        sortValue: (r) => r.node.kernel.impl ?? '',
      },
      {
        id: 'precision',
        header: 'Precision',
        cell: (r) => r.node.kernel.precision ?? '—',
        sortValue: (r) => r.node.kernel.precision ?? '',
      },
      {
        id: 'mean',
        header: 'Mean ms',
        numeric: true,
        cell: (r) => ms(r.node.time_ms.mean),
        sortValue: (r) => r.node.time_ms.mean,
      },
      {
        id: 'median',
        header: 'Median ms',
        numeric: true,
        cell: (r) => ms(r.node.time_ms.median),
        sortValue: (r) => r.node.time_ms.median,
      },
      {
        id: 'share',
        header: '% of total',
        numeric: true,
        cell: (r) => `${(r.share * 100).toFixed(2)}%`,
        sortValue: (r) => r.share,
      },
      {
        id: 'gflops',
        header: 'GFLOP/s',
        numeric: true,
        cell: (r) => rate(r.node.gflops),
        sortValue: (r) => r.node.gflops,
      },
      {
        id: 'gbps',
        header: 'GB/s',
        numeric: true,
        cell: (r) => rate(r.node.gbps),
        sortValue: (r) => r.node.gbps,
      },
    ],
    [],
  );
  return (
    <div className="stack">
      <label>
        Filter nodes (name, op type, kernel)
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="e.g. sparse, MatMul, layer3"
        />
      </label>
      <DataTable
        label="Hotspots"
        compact
        rows={rows}
        columns={columns}
        rowKey={(r) => r.node.name}
        selectedKey={focused}
        filter={deferredFilter}
        initialSort={[{ id: 'share', desc: true }]}
        virtual={{ height: 420, rowHeight: 26 }}
        onRowClick={(r) => focusNode(r.node.name)}
      />
    </div>
  );
});
