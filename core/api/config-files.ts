import type { ConfigKind, EngineId } from './names';

/** Wire types of the Config editor's methods (contract.ts) and of `sparsescope config`. */

/** A JSON path: object keys and array indexes from the top of the document. */
export type JsonPathItem = string | number;

/** One problem of a config text, placed where an editor should underline it. */
export interface ConfigIssue {
  /** error: the config cannot run; warning: it runs, but read this (e.g. a passed-through key). */
  severity: 'error' | 'warning';
  /** Where in the document (null for the text as a whole, e.g. a JSON syntax error). */
  path: JsonPathItem[] | null;
  /** "at CPU.NUM_STREAMS: expected an integer from 1 to 256 …, got "AUTO"" — names the place. */
  message: string;
  /** UTF-16 offsets [from, to) in the text: the key and its value, or the spot of a syntax error. */
  from: number;
  to: number;
  /** 1-based line and column of `from`. */
  line: number;
  column: number;
}

/** What a config text is and everything wrong with it. */
export interface ConfigCheck {
  /** The kind it was checked as (given, or recognised from its shape); null when unrecognisable. */
  kind: ConfigKind | null;
  /** Errors first, then warnings, each in document order. */
  issues: ConfigIssue[];
}

export interface ConfigCheckRequest {
  text: string;
  /** Check as this kind; null = recognise it from the text. */
  kind: ConfigKind | null;
  /** The file the text belongs to (relative model paths resolve against its folder); null = unsaved. */
  path: string | null;
}

/** A starting point for a config, adapted to this machine and workspace. */
export interface ConfigPreset {
  id: string;
  kind: ConfigKind;
  title: string;
  /** How it was adapted, e.g. "4 streams × 4 threads in the notebook; this machine has 2 cores: 2 × 2". */
  note: string;
  text: string;
}

/** What the editor needs before it can help: a JSON Schema per kind, and the presets. */
export interface ConfigCatalog {
  /** JSON Schema (draft 2020-12) of each kind, from the zod schemas. */
  schemas: Record<ConfigKind, Record<string, unknown>>;
  presets: ConfigPreset[];
}

/** A config file on the host, as read or written. */
export interface ConfigFile {
  path: string;
  text: string;
}

/**
 * Run a config from the editor. Sweeps run as they are; a run config runs as a one-cell sweep;
 * a benchmark_app config sets streams, threads and sparse rate of a run whose model, engine,
 * sequence length and length come from `bench` (benchmark_app's own -m, -d, -shape and -t).
 */
export interface ConfigRunRequest extends ConfigCheckRequest {
  bench: { model: string; engine: EngineId; seq: number; time_s: number } | null;
}
