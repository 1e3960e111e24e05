import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigCheck, ConfigIssue, JsonPathItem } from '../api/config-files';
import { UserError } from '../api/errors';
import type { ConfigKind } from '../api/names';
import { BENCHMARK_APP_KNOBS, KNOWN_CPU_PROPERTIES } from '../api/schemas/benchmark-app-config';
import type { RunConfig } from '../api/schemas/run-config';
import type { SweepConfig } from '../api/schemas/sweep-config';
import { parseShapeSpec } from '../model/shape-spec';
import { JsonTextError, lineColumn, readJson } from '../util/json-reader';
import {
  describeIssues,
  duplicateKeys,
  issueText,
  placeIssues,
  type DescribedIssue,
} from './config-issues';
import { CONFIG_SCHEMAS, detectKind, KIND_EXAMPLES } from './config-kinds';
import { CONFIG_FILE_LIMITS, missingModels, readConfigText } from './load-sweep-config';

/**
 * Everything wrong with a config text, each problem placed at its key: what the Config editor
 * underlines and `sparsescope config check` prints. Never throws for a bad text (a bad text is
 * the answer, not a failure); the zod schemas decide, so a file, the editor and the API agree.
 */

export interface CheckOptions {
  /** Check as this kind; null = recognise it. */
  kind: ConfigKind | null;
  /** The file name for messages. */
  source: string;
  /** Where relative model paths point from (the config file's folder). */
  baseDir: string;
  /** Also check that model files exist (not when saving: a config may be written for another machine). */
  files?: boolean;
}

interface Found {
  path: JsonPathItem[] | null;
  message: string;
  severity: ConfigIssue['severity'];
  range?: { from: number; to: number };
}

export interface CheckedConfig extends ConfigCheck {
  /** The validated document (defaults applied) when there are no errors. */
  value: unknown;
}

export function checkConfigText(text: string, o: CheckOptions): CheckedConfig {
  let doc: unknown;
  try {
    doc = readJson(
      text,
      { source: o.source, kind: 'BadConfig' },
      { maxLength: CONFIG_FILE_LIMITS.maxBytes },
    );
  } catch (err) {
    if (!(err instanceof JsonTextError)) throw err;
    const at = Math.min(err.offset, text.length);
    const issue: ConfigIssue = {
      severity: 'error',
      path: null,
      message: err.message,
      from: at,
      to: Math.min(at + 1, text.length),
      ...lineColumn(text, at),
    };
    return { kind: o.kind, issues: [issue], value: undefined };
  }
  const kind = o.kind ?? detectKind(doc);
  if (!kind) {
    const message = `at (top level): expected ${KIND_EXAMPLES}`;
    return {
      kind: null,
      issues: placeIssues(text, [{ path: [], message, severity: 'error' }]),
      value: undefined,
    };
  }
  const found: Found[] = duplicateKeys(text).map((d) => ({
    path: d.path,
    message: issueText(d),
    severity: 'error',
    range: d.range,
  }));
  const parsed = CONFIG_SCHEMAS[kind].safeParse(doc);
  if (!parsed.success) {
    for (const d of describeIssues(parsed.error.issues, doc))
      found.push({ path: d.path, message: issueText(d), severity: 'error' });
  } else {
    if (kind === 'run') found.push(...shapeProblems(parsed.data as RunConfig));
    if (o.files !== false) found.push(...missingFiles(kind, parsed.data, o.baseDir));
  }
  // Said even when other keys are wrong: what is kept unchanged is worth knowing while fixing.
  if (kind === 'benchmark-app') found.push(...passedThrough(doc));
  const issues = placeIssues(text, found).sort(
    (a, b) =>
      Number(a.severity === 'warning') - Number(b.severity === 'warning') || a.from - b.from,
  );
  const ok = !issues.some((i) => i.severity === 'error');
  return { kind, issues, value: ok && parsed.success ? parsed.data : undefined };
}

/** Model files a sweep or run names that are not there. */
function missingFiles(kind: ConfigKind, value: unknown, baseDir: string): Found[] {
  const issues =
    kind === 'sweep'
      ? missingModels(value as SweepConfig, baseDir)
      : kind === 'run'
        ? missingModel((value as RunConfig).model, baseDir)
        : [];
  return issues.map((d) => ({ path: d.path, message: issueText(d), severity: 'error' }));
}

function missingModel(model: string, baseDir: string): DescribedIssue[] {
  const abs = path.resolve(baseDir, model);
  if (existsSync(abs) && statSync(abs).isFile()) return [];
  return [
    {
      path: ['model'],
      expected: 'a model file (relative to the config file)',
      got: JSON.stringify(model),
    },
  ];
}

function shapeProblems(config: RunConfig): Found[] {
  const found: Found[] = [];
  if (config.shape !== undefined) {
    try {
      parseShapeSpec(config.shape, 'shape');
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      found.push({ path: ['shape'], message: `at ${err.message}`, severity: 'error' });
    }
  }
  return found;
}

/** Warnings for every property SparseScope keeps but does not act on. */
function passedThrough(doc: unknown): Found[] {
  const found: Found[] = [];
  if (typeof doc !== 'object' || doc === null) return found;
  for (const [device, properties] of Object.entries(doc)) {
    if (device !== 'CPU') {
      found.push({
        path: [device],
        message: `at ${device}: passed through unchanged; SparseScope runs on the CPU (benchmark_app uses these with -d ${device})`,
        severity: 'warning',
      });
      continue;
    }
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
      continue;
    for (const key of Object.keys(properties)) {
      if (key in BENCHMARK_APP_KNOBS) continue;
      const known = KNOWN_CPU_PROPERTIES.includes(key);
      found.push({
        path: [device, key],
        message: known
          ? `at CPU.${key}: passed through: the openvino engine hands it to OpenVINO as written; ort and builtin ignore it`
          : `at CPU.${key}: not a CPU property SparseScope knows; passed through to OpenVINO as written (ort and builtin ignore it)`,
        severity: 'warning',
      });
    }
  }
  return found;
}

/** Read and check a run config file (`bench --config`); throws UserError('BadConfig') naming the file and place. */
export function loadRunConfig(file: string): RunConfig {
  const baseDir = path.dirname(path.resolve(file));
  const check = checkConfigText(readConfigText(file), { kind: 'run', source: file, baseDir });
  const errors = check.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new UserError(
      'BadConfig',
      `${file}, ${errors[0]!.message}`,
      errors.length > 1
        ? errors
            .slice(1)
            .map((e) => e.message)
            .join('\n  ')
        : undefined,
    );
  }
  const run = check.value as RunConfig;
  return { ...run, model: path.resolve(baseDir, run.model) };
}
