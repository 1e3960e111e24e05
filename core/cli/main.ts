import { parseArgs } from 'node:util';
import { toErrorData } from '../api/errors';
import { appVersion } from '../util/paths';
import { UsageError, type CliIO } from './command';
import { COMMANDS } from './commands/index';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sparsescope — profile transformer inference on CPUs (dense vs sparse, FP32 vs INT8)',
    '',
    'Usage: sparsescope <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    "  --help, -h     Show this help, or a command's with `sparsescope <command> --help`",
    '  --version, -v  Print the version',
    '',
  ].join('\n');
}

/** Run the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? `${topic.summary}\n\nUsage: ${topic.usage}\n` : helpText());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${appVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(
      `sparsescope: unknown command "${first}". Run \`sparsescope --help\` for the list.\n`,
    );
    return 2;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options,
        allowPositionals: command.positionals ?? false,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`sparsescope ${command.name}: ${err.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    // Everything else is printed as a message, never as a stack (SPARSESCOPE_DEBUG=1 adds it).
    const data = toErrorData(err);
    const detail = data.detail ? `\n  ${data.detail}` : '';
    const stack =
      process.env.SPARSESCOPE_DEBUG === '1' && err instanceof Error ? `\n${err.stack}` : '';
    io.stderr(`sparsescope ${command.name}: ${data.message}${detail}${stack}\n`);
    return 2;
  }
}
