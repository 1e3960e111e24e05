import { UserError } from '../../api/errors';
import { readTestData, verifySession } from '../../engines/builtin/test-data';
import { formatDiff } from '../../engines/builtin/tensor-diff';
import { createEngine } from '../../engines/create-engine';
import { openModelFile } from '../../model/registry';
import { ENGINE_IDS } from '../../api/names';
import type { Command } from '../command';
import { engineFlag, requiredString, TOLERANCE_OPTIONS, toleranceFlags } from '../flags';

const USAGE = `sparsescope verify -m MODEL --data DIR [--engine ${ENGINE_IDS.join('|')}] [--rtol 1e-4] [--atol 1e-5]

  Runs MODEL on DIR/input_*.pb and compares with DIR/output_*.pb (ONNX TensorProto files,
  as in the ONNX backend tests): |actual - expected| ≤ atol + rtol·|expected| for floats
  (NaN equals NaN), exact for integers, bool and strings. Prints max abs/rel error per
  output. Exit 0 all match, 1 mismatch, 2 cannot run (unsupported op, bad file).`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check an engine against ONNX test data (input_*.pb → output_*.pb)',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    data: { type: 'string' },
    engine: { type: 'string' },
    ...TOLERANCE_OPTIONS,
  },
  async run(values, _positionals, io) {
    const modelPath = requiredString(values, 'model', '-m MODEL');
    const dir = requiredString(values, 'data', '--data DIR');
    const engineId = engineFlag(values, 'builtin');
    const { rtol, atol } = toleranceFlags(values, { rtol: 1e-4, atol: 1e-5 });
    const data = readTestData(dir);
    const model = await openModelFile(modelPath);
    const session = await createEngine(engineId).load(modelPath, { threads: 1 });
    try {
      const diffs = await verifySession(session, data, { rtol, atol }, model);
      io.stdout(`verify ${modelPath} on ${dir} with ${engineId} (rtol ${rtol}, atol ${atol})\n`);
      for (const d of diffs) io.stdout(`  ${formatDiff(d)}\n`);
      const bad = diffs.filter((d) => !d.ok).length;
      io.stdout(
        bad
          ? `MISMATCH: ${bad} of ${diffs.length} outputs differ\n`
          : `OK: ${diffs.length} output${diffs.length === 1 ? '' : 's'} match\n`,
      );
      return bad ? 1 : 0;
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(
        'RunFailed',
        `${engineId} failed on ${modelPath}: ${(err as Error).message}`,
      );
    } finally {
      await session.close();
    }
  },
};
