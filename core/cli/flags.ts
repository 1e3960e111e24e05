import type { ParseArgsConfig } from 'node:util';
import { ENGINE_IDS, type EngineId } from '../api/names';
import { parseShapeSpec, type ShapeSpec } from '../model/shape-spec';
import { UsageError } from './command';

/**
 * Reading flags, and the option groups several commands share, each parsed in one place:
 * a flag means the same and is checked the same in every command that takes it.
 */

type Values = Record<string, unknown>;
type Options = NonNullable<ParseArgsConfig['options']>;

/** Read a numeric flag, refusing anything that is not a number in range. */
export function numberFlag(
  values: Record<string, unknown>,
  name: string,
  options: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = options;
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'an integer' : 'a number';
    const range =
      min > -Infinity && max < Infinity
        ? ` from ${min} to ${max}`
        : min > -Infinity
          ? ` ≥ ${min}`
          : '';
    throw new UsageError(`--${name} expects ${kind}${range}, got "${String(raw)}".`);
  }
  return value;
}

/** Read a required string flag; `shown` is how the usage names it, e.g. "-m IN.onnx". */
export function requiredString(
  values: Record<string, unknown>,
  name: string,
  shown: string,
): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`${shown} is required.`);
  return value;
}

/** One of a fixed list of words, e.g. --scope global|per-layer. */
export function choiceFlag<T extends string>(
  values: Values,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const raw = values[name] ?? fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    const got = values[name] === undefined ? 'nothing' : `"${String(values[name])}"`;
    throw new UsageError(`--${name} expects ${choices.join(' or ')}, got ${got}.`);
  }
  return raw as T;
}

/** --engine, one of ENGINE_IDS. */
export function engineFlag(values: Values, fallback: EngineId, name = 'engine'): EngineId {
  return choiceFlag(values, name, ENGINE_IDS, fallback);
}

/** An input model and where to write the transformed one: -m IN -o OUT. */
export const IN_OUT_OPTIONS = {
  model: { type: 'string', short: 'm' },
  output: { type: 'string', short: 'o' },
} satisfies Options;

export function inOutFlags(values: Values): { input: string; output: string } {
  return {
    input: requiredString(values, 'model', '-m IN.onnx'),
    output: requiredString(values, 'output', '-o OUT.onnx'),
  };
}

/** Seeded random inputs a transform's output change is measured on: --seed N --seq N. */
export const SAMPLE_INPUT_OPTIONS = {
  seed: { type: 'string' },
  seq: { type: 'string' },
} satisfies Options;

export function sampleInputFlags(values: Values): { seed: number; seq: number } {
  return {
    seed: numberFlag(values, 'seed', { min: 0, max: 4294967295, integer: true }) ?? 0,
    seq: numberFlag(values, 'seq', { min: 1, max: 65536, integer: true }) ?? 16,
  };
}

/** How close outputs must be: --rtol R --atol A. */
export const TOLERANCE_OPTIONS = {
  rtol: { type: 'string' },
  atol: { type: 'string' },
} satisfies Options;

export function toleranceFlags(
  values: Values,
  defaults: { rtol: number; atol: number },
): { rtol: number; atol: number } {
  return {
    rtol: numberFlag(values, 'rtol', { min: 0 }) ?? defaults.rtol,
    atol: numberFlag(values, 'atol', { min: 0 }) ?? defaults.atol,
  };
}

/** Input sizes beyond --batch/--seq: --shape "NAME[d,…],…" and --dim NAME=VALUE (repeatable). */
export const INPUT_SHAPE_OPTIONS = {
  shape: { type: 'string' },
  dim: { type: 'string', multiple: true },
} satisfies Options;

export function inputShapeFlags(values: Values): {
  shapes?: ShapeSpec;
  dims?: Record<string, number>;
} {
  const shape = values.shape;
  const raw = values.dim === undefined ? [] : [values.dim].flat();
  const dims: Record<string, number> = {};
  for (const item of raw) {
    const m = typeof item === 'string' ? /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(item) : null;
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isSafeInteger(value))
      throw new UsageError(
        `--dim expects NAME=VALUE with a whole number, e.g. --dim past_sequence_length=0, got "${String(item)}".`,
      );
    if (m[1]! in dims) throw new UsageError(`--dim ${m[1]} is given twice.`);
    dims[m[1]!] = value;
  }
  return {
    ...(typeof shape === 'string' ? { shapes: parseShapeSpec(shape) } : {}),
    ...(raw.length ? { dims } : {}),
  };
}
