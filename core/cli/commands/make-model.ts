import { performance } from 'node:perf_hooks';
import { MODEL_ARCHITECTURES, MODEL_PRECISIONS, MODEL_PRESETS } from '../../api/names';
import { ARCHITECTURE_TITLES, generateModelDetailed } from '../../model/generate/architectures';
import { BERT_PRESETS, type BertOptions } from '../../model/generate/bert-options';
import { saveOnnxModel } from '../../model/transforms/save-model';
import { UsageError, type Command } from '../command';
import { choiceFlag, numberFlag, requiredString } from '../flags';

const SHAPE_FLAGS = [
  ['layers', 'layers'],
  ['hidden', 'hidden'],
  ['heads', 'heads'],
  ['intermediate', 'intermediate'],
  ['vocab', 'vocab'],
  ['max-seq', 'maxSeq'],
] as const;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export const makeModelCommand: Command = {
  name: 'make-model',
  summary:
    'Generate a BERT-like encoder or GPT-2-style decoder (ONNX): any size, dense or pruned, FP32 or INT8',
  usage: [
    `sparsescope make-model -o FILE [--arch ${MODEL_ARCHITECTURES.join('|')}] [--preset ${MODEL_PRESETS.join('|')}]`,
    '    [--layers N --hidden H --heads A --intermediate F --vocab V --max-seq S]',
    `    [--sparsity 0..0.99] [--precision ${MODEL_PRECISIONS.join('|')}] [--seed N] [--json]`,
    '  Shape flags override the preset (default preset: tiny). Same flags → same bytes.',
    '  --arch (default bert):',
    ...MODEL_ARCHITECTURES.map((a) => `    ${a.padEnd(15)} ${ARCHITECTURE_TITLES[a]}`),
    '  gpt2 has inputs input_ids and past_key_values.L.key/value [batch, heads, past_sequence,',
    '  head]; outputs logits and present.L.key/value. --intermediate is its MLP width.',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o' },
    arch: { type: 'string' },
    preset: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    heads: { type: 'string' },
    intermediate: { type: 'string' },
    vocab: { type: 'string' },
    'max-seq': { type: 'string' },
    sparsity: { type: 'string' },
    precision: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const output = requiredString(values, 'output', '-o FILE');
    const arch = choiceFlag(values, 'arch', MODEL_ARCHITECTURES, 'bert');
    const opts: BertOptions = {
      ...BERT_PRESETS[choiceFlag(values, 'preset', MODEL_PRESETS, 'tiny')],
    };
    for (const [flag, key] of SHAPE_FLAGS) {
      const v = numberFlag(values, flag, { min: 1, integer: true });
      if (v !== undefined) opts[key] = v;
    }
    const sparsity = numberFlag(values, 'sparsity', { min: 0, max: 0.99 });
    if (sparsity !== undefined) opts.sparsity = sparsity;
    const seed = numberFlag(values, 'seed', { min: 0, max: 4294967295, integer: true });
    if (seed !== undefined) opts.seed = seed;
    if (values.precision !== undefined)
      opts.precision = choiceFlag(values, 'precision', MODEL_PRECISIONS);
    if (opts.hidden % opts.heads !== 0) {
      throw new UsageError(
        `--hidden (${opts.hidden}) must be divisible by --heads (${opts.heads}).`,
      );
    }

    const started = performance.now();
    const generated = generateModelDetailed(arch, opts); // UserError on bad combinations → exit 2
    const generatedAt = performance.now();
    const bytes = await saveOnnxModel(generated.model, output);
    const done = performance.now();

    const sparsities = generated.linears.map((l) => l.sparsity);
    const summary = {
      min: Math.min(...sparsities),
      avg: sparsities.reduce((s, v) => s + v, 0) / sparsities.length,
      max: Math.max(...sparsities),
    };
    const o = generated.options;
    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            version: 1,
            file: output,
            bytes,
            params: generated.params,
            architecture: arch,
            options: o,
            generateSeconds: (generatedAt - started) / 1000,
            writeSeconds: (done - generatedAt) / 1000,
            linearSparsity: summary,
            linears: generated.linears,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const width = Math.max(...generated.linears.map((l) => l.name.length));
    io.stdout(
      [
        `Wrote ${output} (${megabytes(bytes)}) in ${((done - started) / 1000).toFixed(2)} s ` +
          `(generate ${((generatedAt - started) / 1000).toFixed(2)} s, write ${((done - generatedAt) / 1000).toFixed(2)} s)`,
        `Model     ${ARCHITECTURE_TITLES[arch]}: ${o.layers} layers, hidden ${o.hidden}, ${o.heads} heads, FFN ${o.intermediate}, ` +
          `vocab ${o.vocab}, max ${arch === 'gpt2' ? 'positions' : 'seq'} ${o.maxSeq}, ${o.precision}, seed ${o.seed}`,
        `Params    ${generated.params.toLocaleString('en-US')}`,
        `Sparsity  linear weights (target ${o.sparsity}): min ${summary.min.toFixed(4)}, ` +
          `avg ${summary.avg.toFixed(4)}, max ${summary.max.toFixed(4)}`,
        ...generated.linears.map(
          (l) =>
            `  ${l.name.padEnd(width)}  ${`${l.inFeatures}×${l.outFeatures}`.padStart(11)}  ${l.sparsity.toFixed(4)}`,
        ),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
