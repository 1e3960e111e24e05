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
