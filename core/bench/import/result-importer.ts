import type { BenchResult } from '../../api/schemas/bench-result';

/** What an importer knows about the file besides its text. */
export interface ImportContext {
  /** The file's name or path, used in every error message. */
  fileName: string;
  /**
   * ISO 8601 time to stamp results with when the source records none (all formats here):
   * the file's modification time, which is the closest fact we have to when the run ended.
   */
  fallbackTimestamp: string;
}

/**
 * One importer per foreign result format, collected in registry.ts. Detection goes by
 * extension (which importers are tried first), then by content (`sniff`), then by structure
 * (`parse` itself); each importer that declines says why, so an unrecognised file gets a
 * message listing every reason.
 */
export interface ResultImporter {
  id: 'benchmark_app-log' | 'benchmark_app-csv' | 'benchmark_app-json' | 'deepsparse-json';
  /** Plain name for people, e.g. "OpenVINO benchmark_app console log". */
  label: string;
  /** Lower-case extensions with the dot that make this importer be tried first. */
  extensions: string[];
  /**
   * Cheap content check on the first few KiB: true when this importer should try the file,
   * else the reason it declines (e.g. 'no "[Step 1/11]" line').
   */
  sniff(head: string, fileName: string): true | string;
  /**
   * Read every run in the file. Figures are kept exactly as the source prints them; what it
   * does not report is null. Throws UserError('BadResults', message naming file, place and
   * expectation) on bad input.
   */
  parse(text: string, ctx: ImportContext): BenchResult[];
}
