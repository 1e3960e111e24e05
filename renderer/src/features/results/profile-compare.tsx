import { useEffect, useMemo, useState } from 'react';
import type { ProfileFile } from '../../../../core/api/contract';
import {
  profileNodeDelta,
  profileOpTypeDelta,
  type NodeDeltaRow,
  type OpTypeDeltaRow,
} from '../../../../core/views/profile-delta';
import { DataTable, type Column } from '../../components/data-table';
import { useStore } from '../../store/index';

const ms = (v: number | null) => (v === null ? '—' : v.toFixed(3));
const change = (d: number | null) => (d === null ? '—' : `${d >= 0 ? '+' : ''}${d.toFixed(3)}`);
const cls = (d: number | null) => (d === null || d === 0 ? undefined : d < 0 ? 'gain' : 'loss');

/**
 * A/B of two profiles (measured, imported or sweep cells'): per op type and per node, the
 * change in mean ms per iteration from A to B (negative: B is faster). Nodes pair by name,
 * else by the original nodes they cover, so a fusion in one engine meets its twin in another.
 */
export function ProfileCompare() {
  const profiles = useStore((s) => s.profiles);
  const loadProfiles = useStore((s) => s.loadProfiles);
  const loadProfile = useStore((s) => s.loadProfile);
  const files = useStore((s) => s.profileFiles);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);
  useEffect(() => {
    for (const id of [a, b]) if (id && !files[id]) void loadProfile(id);
  }, [a, b, files, loadProfile]);
  const pa: ProfileFile | undefined = a ? files[a] : undefined;
  const pb: ProfileFile | undefined = b ? files[b] : undefined;
  const ops = useMemo(() => (pa && pb ? profileOpTypeDelta(pa, pb) : []), [pa, pb]);
  const nodes = useMemo(() => (pa && pb ? profileNodeDelta(pa, pb) : []), [pa, pb]);
  const opColumns = useMemo<Column<OpTypeDeltaRow>[]>(
    () => [
      { id: 'op', header: 'Op type', cell: (r) => r.opType, sortValue: (r) => r.opType },
      {
        id: 'a',
        header: 'A ms/iter',
        numeric: true,
        cell: (r) => ms(r.aMs),
        sortValue: (r) => r.aMs,
      },
      {
        id: 'b',
        header: 'B ms/iter',
        numeric: true,
        cell: (r) => ms(r.bMs),
        sortValue: (r) => r.bMs,
      },
      {
        id: 'd',
        header: 'B − A (ms)',
        numeric: true,
        cell: (r) => change(r.deltaMs),
        cellClass: (r) => cls(r.deltaMs),
        sortValue: (r) => r.deltaMs,
      },
      {
        id: 'x',
        header: 'B / A',
        numeric: true,
        cell: (r) => (r.ratio === null ? '—' : r.ratio.toFixed(2)),
        sortValue: (r) => r.ratio,
      },
    ],
    [],
  );
  const nodeColumns = useMemo<Column<NodeDeltaRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Node (A)',
        cell: (r) => r.name,
        sortValue: (r) => r.name,
        filterText: (r) => r.name,
      },
      {
        id: 'bname',
        header: 'In B',
        cell: (r) => r.bName ?? (r.bMs === null ? '— (not in B)' : 'same'),
        sortValue: (r) => r.bName ?? '',
      },
      {
        id: 'op',
        header: 'Op type',
        cell: (r) => r.opType,
        sortValue: (r) => r.opType,
        filterText: (r) => r.opType,
      },
      { id: 'a', header: 'A ms', numeric: true, cell: (r) => ms(r.aMs), sortValue: (r) => r.aMs },
      { id: 'b', header: 'B ms', numeric: true, cell: (r) => ms(r.bMs), sortValue: (r) => r.bMs },
      {
        id: 'd',
        header: 'B − A (ms)',
        numeric: true,
        cell: (r) => change(r.deltaMs),
        cellClass: (r) => cls(r.deltaMs),
        sortValue: (r) => r.deltaMs,
      },
    ],
    [],
  );
  if (profiles.length < 2) return null;
  const options = profiles.map((p) => (
    <option key={p.id} value={p.id}>
      {p.name} — {p.origin}
    </option>
  ));
  return (
    <section className="panel" aria-labelledby="profile-ab-title">
      <h3 id="profile-ab-title">A/B profiles: per op type and per node</h3>
      <div className="row">
        <label className="grow">
          Profile A
          <select value={a} onChange={(e) => setA(e.target.value)}>
            <option value="">— choose —</option>
            {options}
          </select>
        </label>
        <label className="grow">
          Profile B
          <select value={b} onChange={(e) => setB(e.target.value)}>
            <option value="">— choose —</option>
            {options}
          </select>
        </label>
      </div>
      {pa && pb && (
        <div className="columns">
          <DataTable
            label="Profile delta by op type"
            compact
            rows={ops}
            columns={opColumns}
            rowKey={(r) => r.opType}
          />
          <DataTable
            label="Profile delta by node"
            compact
            rows={nodes}
            columns={nodeColumns}
            rowKey={(r) => r.name + '|' + (r.bName ?? '')}
            virtual={{ height: 360, rowHeight: 24 }}
          />
        </div>
      )}
    </section>
  );
}
