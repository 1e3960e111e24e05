import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A subcommand of `sparsescope`. Each lives in its own file under commands/. */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines shown by `sparsescope help NAME` and on a usage error. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Allows positional arguments (e.g. `import FILE...`). */
  positionals?: boolean;
  /** Returns the exit code: 0 ok, 1 a negative result (mismatch), 2 cannot run / bad input. */
  run(values: Record<string, unknown>, positionals: string[], io: CliIO): Promise<number>;
}

/** Bad command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

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
