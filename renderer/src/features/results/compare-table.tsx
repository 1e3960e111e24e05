import type { CompareRow } from '../../../../core/views/compare-runs';

const fps = (x: number | null) => (x === null ? '—' : x.toFixed(2));

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
  if (rows.length === 0) return <p className="muted">Nothing to compare.</p>;
  return (
    <table className="table compact" aria-label="A/B compare">
      <thead>
        <tr>
          <th scope="col">Configuration</th>
          <th scope="col" className="num">
            A: {aName} (FPS)
          </th>
          <th scope="col" className="num">
            B: {bName} (FPS)
          </th>
          <th scope="col" className="num">
            B vs A
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.id}</td>
            <td className="num">{fps(r.aFps)}</td>
            <td className="num">{fps(r.bFps)}</td>
            <td className={`num ${r.delta === null ? '' : r.delta >= 0 ? 'gain' : 'loss'}`}>
              {r.delta === null ? '—' : `${r.delta >= 0 ? '+' : ''}${(r.delta * 100).toFixed(1)}%`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
