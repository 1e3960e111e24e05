import type { BenchResult } from '../api/schemas/bench-result';
import { CELL_KEY_FIELDS, type CellKeyField } from '../api/names';

/** What names one grid point: the cell key fields, as a sweep cell or a result has them. */
export type PointKey = { variant: string; engine: string } & Record<
  Exclude<CellKeyField, 'variant' | 'engine'>,
  number | null
>;

const PREFIX: Record<CellKeyField, string> = {
  variant: '',
  engine: '',
  streams: 's',
  threads: 't',
  seq: 'seq',
  batch: 'b',
};

/** The point's id, "dense|ort|s2|t2|seq64|b1" ('?' for a knob the source did not report). */
export function pointId(k: PointKey): string {
  return CELL_KEY_FIELDS.map((f) => PREFIX[f] + String(k[f] ?? '?')).join('|');
}

/** The point a result belongs to; results without a variant label count as "(none)". */
export function pointKeyOf(r: BenchResult): PointKey {
  const c = r.config;
  return {
    variant: r.model.variant ?? '(none)',
    engine: r.engine,
    streams: c.streams,
    threads: c.threads,
    seq: c.seq,
    batch: c.batch,
  };
}

/** Just the key fields of something that carries them (a point, a row, a cell). */
export function pickKey(k: PointKey): PointKey {
  const { variant, engine, streams, threads, seq, batch } = k;
  return { variant, engine, streams, threads, seq, batch };
}
