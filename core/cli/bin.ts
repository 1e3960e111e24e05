import { runCli } from './main';

// The process entry of `sparsescope`: streams in, exit code out.
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
