import { UserError } from '../api/errors';
import {
  BENCHMARK_APP_KNOBS,
  benchmarkAppConfigSchema,
  knobNumber,
  type BenchmarkAppConfigDoc,
  type BenchmarkAppKnobKey,
} from '../api/schemas/benchmark-app-config';
import { writeFileAtomicSync } from '../util/atomic-write';
import { readJson } from '../util/json-reader';
import { numberInFileType, setValue } from '../views/config-text';
import { describeIssues, duplicateKeys, issueText } from './config-issues';
import { readConfigText } from './load-sweep-config';

/**
 * benchmark_app's `-load_config` / `-dump_config` JSON: `{"CPU": {"NUM_STREAMS": "4", ...}}`,
 * device → property → value, values as strings or numbers (schema: core/api/schemas). The
 * text is kept as loaded and every change is an in-place edit of it (core/views/config-text),
 * so a config loaded and dumped unchanged comes out byte for byte, and a changed value changes
 * only its own bytes, in the type the file used.
 */
export interface BenchmarkAppConfig {
  /** The config as text: what was read, with every change applied. */
  text: string;
  doc: BenchmarkAppConfigDoc;
}

/** The text of a config with nothing in it yet. */
const EMPTY_TEXT = '{}\n';

/** Parse and validate load_config text; throws UserError('BadConfig') naming file and place. */
export function parseBenchmarkAppConfig(text: string, file = 'config'): BenchmarkAppConfig {
  const doc = readJson(text, { source: file, kind: 'BadConfig' });
  const parsed = benchmarkAppConfigSchema.safeParse(doc);
  const issues = parsed.success ? duplicateKeys(text) : describeIssues(parsed.error.issues, doc);
  if (!parsed.success || issues.length > 0) {
    throw new UserError(
      'BadConfig',
      `${file}, ${issueText(issues[0]!)}`,
      issues.length > 1 ? issues.slice(1).map(issueText).join('\n  ') : undefined,
    );
  }
  // The document as written, not zod's copy: that one lists known keys first, and the
  // order of the file is what people read back (passed-through lists, the editor).
  return { text, doc: doc as BenchmarkAppConfigDoc };
}

export function readBenchmarkAppConfig(file: string): BenchmarkAppConfig {
  return parseBenchmarkAppConfig(readConfigText(file), file);
}

/** The config as load_config text. */
export function dumpBenchmarkAppConfig(config: BenchmarkAppConfig): string {
  return config.text;
}

export function writeBenchmarkAppConfig(file: string, config: BenchmarkAppConfig): void {
  writeFileAtomicSync(file, dumpBenchmarkAppConfig(config));
}

/** The knobs a config sets for one device, and the properties SparseScope only passes through. */
export interface ConfigKnobs {
  streams?: number;
  threads?: number;
  sparseRate?: number;
  /** "DEVICE.KEY=VALUE" of every property SparseScope keeps but does not act on. */
  passedThrough: string[];
}

/** Read the knobs of `device` (default CPU) from a parsed (so already validated) config. */
export function configKnobs(config: BenchmarkAppConfig, device = 'CPU'): ConfigKnobs {
  const knobs: ConfigKnobs = { passedThrough: [] };
  for (const [name, properties] of Object.entries(config.doc)) {
    for (const [key, value] of Object.entries(properties ?? {})) {
      const knob =
        name === device && key in BENCHMARK_APP_KNOBS
          ? BENCHMARK_APP_KNOBS[key as BenchmarkAppKnobKey]
          : undefined;
      if (knob) knobs[knob] = knobNumber(value as number | string);
      else knobs.passedThrough.push(`${name}.${key}=${JSON.stringify(value)}`);
    }
  }
  return knobs;
}

/**
 * Set knobs into a config (a copy). An existing property keeps its type (a string stays a
 * string), a new one is written as a string as benchmark_app does; null removes the property.
 */
export function withKnobs(
  config: BenchmarkAppConfig | null,
  knobs: { streams?: number; threads?: number; sparseRate?: number | null },
  device = 'CPU',
): BenchmarkAppConfig {
  let text = config?.text ?? EMPTY_TEXT;
  const properties = (config?.doc[device] ?? {}) as Record<string, unknown>;
  for (const [key, knob] of Object.entries(BENCHMARK_APP_KNOBS)) {
    const n = knobs[knob];
    if (n === undefined) continue;
    text = setValue(
      text,
      [device, key],
      n === null ? undefined : numberInFileType(properties[key], n),
    );
  }
  return parseBenchmarkAppConfig(text);
}
