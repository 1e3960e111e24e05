import { useState } from 'react';
import type { ModelEntry } from '../../../../core/api/contract';
import { useStore } from '../../store/index';
import { defaultEngineOr } from '../../store/settings-slice';

/** Per-cell cost beyond the measured time: fresh workers, model load, warm-up (an estimate). */
const CELL_OVERHEAD_S = 1.5;
const NO_ENGINES: never[] = [];

function parseList(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  return parts.length > 0 && parts.every((n) => Number.isInteger(n) && n > 0)
    ? [...new Set(parts)]
    : null;
}

export function variantLabel(m: ModelEntry): string {
  return (
    m.label
      .replace(/[^A-Za-z0-9._+-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'model'
  );
}

/** Build a sweep by choosing variants, engines and lists; shows the cell count and an estimate first. */
export function SweepBuilder({ onShowJson }: { onShowJson(config: object): void }) {
  const models = useStore((s) => s.models);
  const engines = useStore((s) => s.appInfo?.engines) ?? NO_ENGINES;
  const startSweep = useStore((s) => s.startSweep);
  const [chosen, setChosen] = useState<string[]>([]);
  const settings = useStore((s) => s.settings);
  const [pickedEngines, setEngineIds] = useState<string[] | null>(null);
  const engineIds = pickedEngines ?? [defaultEngineOr(settings, 'ort')];
  const [streams, setStreams] = useState('1, 2');
  const [threads, setThreads] = useState('1, 2');
  const [seq, setSeq] = useState('16, 64');
  const [batch, setBatch] = useState('1');
  const [timeS, setTimeS] = useState(1);
  // Three interleaved repeats are the fewest that give a speedup an interval (core/views/noise.ts).
  const [repeats, setRepeats] = useState(3);
  const [sparseRate, setSparseRate] = useState('0.5');

  const lists = {
    streams: parseList(streams),
    threads: parseList(threads),
    seq: parseList(seq),
    batch: parseList(batch),
  };
  const rate = sparseRate.trim() === '' ? null : Number(sparseRate);
  const rateOk = rate === null || (rate >= 0 && rate <= 1);
  // Least sparse first: speedups read as "each variant over the first" (sparse over dense).
  const variants = models
    .filter((m) => chosen.includes(m.id))
    .sort((a, b) => a.info.linearSparsity - b.info.linearSparsity);
  const valid =
    variants.length > 0 &&
    engineIds.length > 0 &&
    Object.values(lists).every(Boolean) &&
    timeS > 0 &&
    repeats >= 1 &&
    rateOk;
  const pairs = valid
    ? lists.streams!.flatMap((s) => lists.threads!.filter((t) => t >= s)).length
    : 0;
  const cells =
    pairs *
    variants.length *
    engineIds.length *
    (lists.seq?.length ?? 0) *
    (lists.batch?.length ?? 0) *
    repeats;
  const estimateS = cells * (timeS + CELL_OVERHEAD_S);

  const config = () => ({
    version: 1,
    name: variants.map(variantLabel).join(' vs '),
    variants: variants.map((m) => ({ label: variantLabel(m), model: m.path })),
    engines: engineIds,
    streams: lists.streams,
    threads: lists.threads,
    seq: lists.seq,
    batch: lists.batch,
    time_s: timeS,
    warmup: 2,
    repeats,
    ...(rate === null ? {} : { sparse_rate: rate }),
  });

  const toggle = (list: string[], id: string) =>
    list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
  return (
    <section className="panel" aria-labelledby="builder-title">
      <h3 id="builder-title">Sweep builder</h3>
      {models.length === 0 && <p className="muted">Open or generate models first (Models area).</p>}
      <fieldset>
        <legend>Variants</legend>
        {models.map((m) => (
          <label key={m.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(m.id)}
              onChange={() => setChosen(toggle(chosen, m.id))}
            />
            {m.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Engines</legend>
        {engines.map((e) => (
          <label key={e.id} className="check">
            <input
              type="checkbox"
              disabled={!e.available}
              checked={engineIds.includes(e.id)}
              onChange={() => setEngineIds(toggle(engineIds, e.id))}
            />
            {e.id} {e.available ? '' : `(${e.note ?? 'unavailable'})`}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          Streams
          <input
            value={streams}
            onChange={(e) => setStreams(e.target.value)}
            aria-invalid={!lists.streams}
          />
        </label>
        <label>
          Threads (total)
          <input
            value={threads}
            onChange={(e) => setThreads(e.target.value)}
            aria-invalid={!lists.threads}
          />
        </label>
        <label>
          Sequence lengths
          <input value={seq} onChange={(e) => setSeq(e.target.value)} aria-invalid={!lists.seq} />
        </label>
        <label>
          Batch sizes
          <input
            value={batch}
            onChange={(e) => setBatch(e.target.value)}
            aria-invalid={!lists.batch}
          />
        </label>
        <label>
          Seconds per cell
          <input
            type="number"
            min={0.1}
            step={0.5}
            value={timeS}
            onChange={(e) => setTimeS(Number(e.target.value))}
          />
        </label>
        <label>
          Repeats
          <input
            type="number"
            min={1}
            step={1}
            value={repeats}
            onChange={(e) => setRepeats(Number(e.target.value))}
          />
        </label>
        <label>
          Sparse rate (blank = never)
          <input
            value={sparseRate}
            onChange={(e) => setSparseRate(e.target.value)}
            aria-invalid={!rateOk}
          />
        </label>
      </div>
      <p role="status" data-testid="sweep-estimate">
        {valid
          ? `${cells} cells (threads < streams skipped) · estimated ${Math.ceil(estimateS)} s (${timeS} s measured + ~${CELL_OVERHEAD_S} s load and warm-up per cell)`
          : 'Choose at least one variant and engine; lists are positive integers separated by commas.'}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!valid}
          onClick={() => void startSweep(config())}
        >
          Start sweep
        </button>
        <button type="button" disabled={!valid} onClick={() => onShowJson(config())}>
          Edit as JSON
        </button>
      </div>
    </section>
  );
}
