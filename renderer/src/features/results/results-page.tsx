import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { pickById, pickOrFirst, seqChoices } from '../../../../core/views/chart-picks';
import { compareRuns } from '../../../../core/views/compare-runs';
import { otherValues, pairChoices } from '../../../../core/views/pairs';
import { distinctValues, resultPoints } from '../../../../core/views/result-points';
import { sparseWeightNotes } from '../../../../core/views/sparse-weight-notes';
import {
  selectionSpeedups,
  speedupBySeq,
  speedupHeatmap,
} from '../../../../core/views/speedup-views';
import {
  budgetRange,
  sweetSpot,
  type LatencyMetric,
} from '../../../../core/views/throughput-latency';
import { EmptyState } from '../../components/empty-state';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import { ExportReportButton } from '../reports/export-button';
import { CompareTable } from './compare-table';
import { HistoryTable } from './history-table';
import { ProfileCompare } from './profile-compare';
import { SeqChart } from './seq-chart';
import { SpeedupHeatmap } from './speedup-heatmap';
import { SweetSpotChart } from './sweet-spot-chart';
import { ThroughputBars } from './throughput-bars';
import { useRunResults } from './use-run-results';

/** Read a run: speedup heatmap and curves, the throughput/latency sweet spot, bars, A/B compare. */
export function ResultsPage() {
  const runs = useStore((s) => s.runs);
  const loaded = useStore((s) => s.runsLoaded);
  const error = useStore((s) => s.runsError);
  const loadRuns = useStore((s) => s.loadRuns);
  const resultsRunId = useStore((s) => s.resultsRunId);
  const setResultsRunId = useStore((s) => s.setResultsRunId);
  const [compareId, setCompareId] = useState<string | null>(null);
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  const runId = resultsRunId ?? runs[0]?.id ?? null;
  const results = useRunResults(runId);
  const compareResults = useRunResults(compareId);

  if (loaded && runs.length === 0) {
    return (
      <div className="stack">
        <EmptyState title="Results">
          No runs yet. Start a sweep in Sweeps (or use Quick start on the Machine page) and its
          results appear here.
        </EmptyState>
        <ProfileCompare />
      </div>
    );
  }
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">Results</h2>
        {error && <ErrorBox error={error} />}
        <div className="row">
          <label>
            Run
            <select value={runId ?? ''} onChange={(e) => setResultsRunId(e.target.value || null)}>
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.kind}, {r.cells.recorded}/{r.cells.planned})
                </option>
              ))}
            </select>
          </label>
          <label>
            Compare with (B)
            <select value={compareId ?? ''} onChange={(e) => setCompareId(e.target.value || null)}>
              <option value="">— none —</option>
              {runs
                .filter((r) => r.id !== runId)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
            </select>
          </label>
          <ExportReportButton
            target={{
              runs: [runId, compareId].filter((x): x is string => x !== null),
              profiles: [],
              names: [runId, compareId].flatMap((x) =>
                runs.filter((r) => r.id === x).map((r) => r.name),
              ),
              from: 'results',
            }}
          />
        </div>
        {!results && <p aria-busy="true">Loading results…</p>}
        {results && results.length === 0 && (
          <p className="muted">This run has no successful results yet.</p>
        )}
      </section>
      {results && results.length > 0 && <RunCharts key={runId} results={results} />}
      {results && compareResults && compareId && (
        <section className="panel" aria-labelledby="compare-title">
          <h3 id="compare-title">A/B compare</h3>
          <CompareTable
            rows={compareRuns(results, compareResults)}
            aName={runs.find((r) => r.id === runId)?.name ?? 'A'}
            bName={runs.find((r) => r.id === compareId)?.name ?? 'B'}
          />
        </section>
      )}
      <ProfileCompare />
      <HistoryTable />
    </div>
  );
}

const EMPTY_SPOT: ReturnType<typeof sweetSpot> = {
  points: [],
  best: null,
  runnerUp: null,
  indistinguishable: false,
};
const NO_POINTS: ReturnType<typeof resultPoints> = [];

function RunCharts({ results }: { results: NonNullable<ReturnType<typeof useRunResults>> }) {
  // Everything derived from the result set is computed once per selection, not per render:
  // a 500-cell sweep must stay interactive.
  const pairs = useMemo(() => pairChoices(results), [results]);
  const batches = useMemo(() => distinctValues(results, (r) => r.config.batch), [results]);
  const points = useMemo(() => resultPoints(results), [results]);
  const [pairId, setPairId] = useState<string | null>(null);
  const pair = pickById(pairId, pairs);
  const others = useMemo(() => (pair ? otherValues(results, pair) : []), [results, pair]);
  const [otherPick, setOther] = useState<string | null>(null);
  const other = pickOrFirst(otherPick, others) ?? '';
  const [batchPick, setBatch] = useState<number | null>(null);
  const batch = pickOrFirst(batchPick, batches) ?? 1;
  const speedups = useMemo(
    () => (pair ? selectionSpeedups(results, { pair, other, batch }) : []),
    [results, pair, other, batch],
  );
  const allSeqs = useMemo(() => distinctValues(results, (r) => r.config.seq), [results]);
  const seqs = useMemo(() => seqChoices(speedups, allSeqs), [speedups, allSeqs]);
  const [seqPick, setSeq] = useState<number | null>(null);
  const seq = pickOrFirst(seqPick, seqs) ?? 0;
  const heatmap = useMemo(() => speedupHeatmap(speedups, seq), [speedups, seq]);
  const curves = useMemo(() => speedupBySeq(speedups), [speedups]);
  const sparseNotes = useMemo(
    () => sparseWeightNotes(results, pair, other),
    [results, pair, other],
  );
  const barPoints = useMemo(
    () => points.filter((p) => p.seq === seq && p.batch === batch),
    [points, seq, batch],
  );
  const [metric, setMetric] = useState<LatencyMetric>('median');
  const range = useMemo(() => budgetRange(points, metric), [points, metric]);
  const [budgetPick, setBudget] = useState<number | null>(null);
  const budget = budgetPick ?? (range ? (range.min + range.max) / 2 : 0);
  const spot = useMemo(() => sweetSpot(points, budget, metric), [points, budget, metric]);
  const title = pair ? `${pair.label} (${other}, batch ${batch})` : '';
  // The speedup views paint first; the scatter and bars follow in the next render, so a big
  // result set never holds the first view back.
  const deferredSpot = useDeferredValue(spot, EMPTY_SPOT);
  const deferredBars = useDeferredValue(barPoints, NO_POINTS);

  return (
    <>
      <section className="panel" aria-labelledby="speedup-title">
        <h3 id="speedup-title">Speedup</h3>
        <div className="row">
          {pair && (
            <>
              <label>
                Comparison
                <select value={pair.id} onChange={(e) => setPairId(e.target.value)}>
                  {pairs.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {pair.dimension === 'variant' ? 'Engine' : 'Variant'}
                <select value={other} onChange={(e) => setOther(e.target.value)}>
                  {others.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              </label>
            </>
          )}
          <label>
            Batch
            <select value={batch} onChange={(e) => setBatch(Number(e.target.value))}>
              {batches.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            Sequence length (heatmap, bars)
            <select value={seq} onChange={(e) => setSeq(Number(e.target.value))}>
              {seqs.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </div>
        {!pair ? (
          <p className="muted">
            One variant and one engine only: nothing to pair. Sweep two variants or two engines to
            see speedups.
          </p>
        ) : (
          <div className="columns">
            <SpeedupHeatmap heatmap={heatmap} title={`${title}, seq ${seq}: streams × threads`} />
            <SeqChart curves={curves} title={`${title} vs sequence length`} />
          </div>
        )}
        {sparseNotes.length > 0 && (
          <ul className="notes" aria-label="Sparse weight decompression">
            {sparseNotes.map((n) => (
              <li key={`${n.variant}|${n.engine}|${n.note}`}>
                <strong>{n.variant}</strong> on {n.engine}: sparse weight decompression {n.note}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="sweet-title">
        <h3 id="sweet-title">Throughput vs latency</h3>
        {range && (
          <div className="row">
            <label className="grow">
              Latency budget (ms): {budget.toFixed(1)}
              <input
                type="range"
                min={range.min}
                max={range.max}
                step={(range.max - range.min) / 200 || 0.01}
                value={budget}
                onChange={(e) => setBudget(Number(e.target.value))}
              />
            </label>
            <label>
              Latency statistic
              <select value={metric} onChange={(e) => setMetric(e.target.value as LatencyMetric)}>
                <option value="median">median</option>
                <option value="p90">p90</option>
                <option value="p99">p99</option>
              </select>
            </label>
          </div>
        )}
        <SweetSpotChart spot={deferredSpot} budgetMs={budget} metric={metric} />
      </section>
      <section className="panel" aria-labelledby="bars-title">
        <h3 id="bars-title">
          Throughput and latency per configuration (seq {seq}, batch {batch})
        </h3>
        <ThroughputBars points={deferredBars} />
      </section>
    </>
  );
}
