import type { ProfileSource } from '../../api/names';
import type { ImportContext } from '../../bench/import/result-importer';
import type { RawProfile } from '../raw-profile';
import type { ProfileFile } from '../../api/schemas/profile';

export type { ImportContext };

/**
 * One importer per foreign profile format, collected in registry.ts like the model and result
 * importers: tried by extension first, then by content (`sniff`), then by structure (`parse`);
 * each that declines says why, so an unrecognised file gets every reason.
 */
export interface ProfileImporter {
  id: ProfileSource;
  /** Plain name for people, e.g. "ONNX Runtime profiler JSON". */
  label: string;
  /** Lower-case extensions with the dot that make this importer be tried first. */
  extensions: string[];
  /** Cheap check on the first KiB of text: true to try the file, else why not. */
  sniff(head: string, fileName: string): true | string;
  /**
   * Read the file: a raw profile (built into the file format by the registry) or, for our own
   * format, the profile itself. Throws UserError('BadResults') naming file, place and
   * expectation on bad input.
   */
  parse(text: string, ctx: ImportContext): RawProfile | ProfileFile;
}

/** Limits for profile texts: large enough for long ORT traces, bounded against garbage. */
export const PROFILE_JSON_LIMITS = { maxLength: 512 * 2 ** 20, maxDepth: 32 };
