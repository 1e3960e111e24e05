import path from 'node:path';
import { CONFIG_KIND_TITLES, CONFIG_KINDS, type ConfigKind } from '../../api/names';
import { checkConfigText } from '../../config/config-check';
import { configJsonSchema } from '../../config/config-kinds';
import { readConfigText } from '../../config/load-sweep-config';
import { UsageError, type Command } from '../command';
import { choiceFlag } from '../flags';

const USAGE = `sparsescope config check FILE [--kind ${CONFIG_KINDS.join('|')}] [--json]
       sparsescope config schema --kind ${CONFIG_KINDS.join('|')}

  check: which kind of config FILE is (a run, a sweep, or benchmark_app's -load_config JSON;
  --kind skips the guess), then every problem with its JSON path, line and column, as the
  Config editor shows them. Warnings (properties passed through unchanged) do not fail.
  Exit 0 when FILE has no errors, 2 when it has (or cannot be read). --json prints
  {"version": 1, "file", "kind", "issues": [...]}.
  schema: print the JSON Schema (draft 2020-12) of a kind, with a description, range, default
  and benchmark_app equivalent on every key, for editors and CI.`;

/** Version of `config check --json` output. */
const CHECK_OUTPUT_VERSION = 1;

export const configCommand: Command = {
  name: 'config',
  summary: 'Check a run, sweep or benchmark_app config, or print its JSON Schema',
  usage: USAGE,
  positionals: true,
  options: {
    kind: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, file, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}".`);
    if (action === 'schema') {
      if (file !== undefined) throw new UsageError('config schema takes no FILE, only --kind.');
      const kind = choiceFlag(values, 'kind', CONFIG_KINDS);
      io.stdout(JSON.stringify(configJsonSchema(kind), null, 2) + '\n');
      return 0;
    }
    if (action !== 'check')
      throw new UsageError('expected "config check FILE" or "config schema --kind KIND".');
    if (file === undefined) throw new UsageError('config check needs the FILE to check.');
    const kind: ConfigKind | null =
      values.kind === undefined ? null : choiceFlag(values, 'kind', CONFIG_KINDS);
    const text = readConfigText(file);
    const check = checkConfigText(text, {
      kind,
      source: file,
      baseDir: path.dirname(path.resolve(file)),
    });
    const errors = check.issues.filter((i) => i.severity === 'error').length;
    if (values.json) {
      const { value: _value, ...shown } = check;
      io.stdout(JSON.stringify({ version: CHECK_OUTPUT_VERSION, file, ...shown }, null, 2) + '\n');
      return errors > 0 ? 2 : 0;
    }
    const what = check.kind
      ? CONFIG_KIND_TITLES[check.kind]
      : check.issues[0]?.path === null
        ? 'not valid JSON'
        : 'not a config SparseScope knows';
    const lines = [`${file}: ${what}`];
    // A syntax error's message has its line and column already; a key's gets them added.
    for (const i of check.issues)
      lines.push(
        `  ${i.severity}: ${i.message}${i.path ? ` (line ${i.line}, column ${i.column})` : ''}`,
      );
    const warnings = check.issues.length - errors;
    lines.push(
      errors === 0 && warnings === 0
        ? 'valid'
        : `${errors === 0 ? 'valid, ' : ''}${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    );
    (errors > 0 ? io.stderr : io.stdout)(lines.join('\n') + '\n');
    return errors > 0 ? 2 : 0;
  },
};
