import { useState } from 'react';
import { useStore } from '../../store/index';

/** Import benchmark_app logs/reports or DeepSparse JSON from host paths as one run. */
export function ImportForm() {
  const importRuns = useStore((s) => s.importRuns);
  const [paths, setPaths] = useState('');
  const list = paths
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <form
      className="row"
      aria-label="Import results"
      onSubmit={(e) => {
        e.preventDefault();
        if (list.length) void importRuns(list);
      }}
    >
      <label className="grow">
        Result files on the host (benchmark_app log, report CSV/JSON, DeepSparse JSON)
        <input
          type="text"
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          placeholder="/path/to/benchmark_report.csv"
        />
      </label>
      <button type="submit" disabled={list.length === 0}>
        Import
      </button>
    </form>
  );
}
