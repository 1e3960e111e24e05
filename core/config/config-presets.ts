import type { ConfigPreset } from '../api/config-files';
import { RUN_LIMITS } from '../api/limits';
import { configText } from '../views/config-text';

/**
 * Starting points for the Config editor, each adapted to this machine's cores (and saying
 * how) and to the workspace's models: the seed notebook's dense and sparse benchmark_app
 * configs, a streams × threads grid, a sequence-length sweep, and latency- and
 * throughput-oriented runs.
 */

/** What a preset needs to know about a workspace model. */
export interface PresetModel {
  path: string;
  /** Fraction of linear weights that are zero. */
  sparsity: number;
  quantized: boolean;
}

/** The notebook (seeds/000_*.txt) runs on "four CPU cores to simulate a small instance". */
const NOTEBOOK_STREAMS = 4;
const NOTEBOOK_THREADS = 4;
const SEQ_SWEEP = [16, 32, 64, 128, 256, 512];
const PLACEHOLDER_MODEL = 'models/your-model.onnx';

/** 1, 2, 4 … up to `cores`, and `cores` itself. */
function powersUpTo(cores: number): number[] {
  const out: number[] = [];
  for (let n = 1; n < cores; n *= 2) out.push(n);
  return [...out, cores];
}

function label(m: PresetModel, index: number): string {
  const sparse = m.sparsity >= 0.05 ? `sparse${Math.round(m.sparsity * 100)}` : 'dense';
  return `${sparse}${m.quantized ? '-int8' : ''}-${index + 1}`;
}

export function configPresets(cores: number, workspaceModels: PresetModel[]): ConfigPreset[] {
  const c = Math.min(Math.max(1, cores), RUN_LIMITS.streams);
  // The least sparse model first: speedups read as "each variant over the first".
  const models = [...workspaceModels].sort((a, b) => a.sparsity - b.sparsity).slice(0, 2);
  const modelNote = models.length
    ? `Variants: the workspace's ${models.length === 1 ? 'model' : 'two least sparse models'}.`
    : `Replace "${PLACEHOLDER_MODEL}": the workspace has no models yet.`;
  const variants = models.length
    ? models.map((m, i) => ({ label: label(m, i), model: m.path }))
    : [{ label: 'dense', model: PLACEHOLDER_MODEL }];
  const runModel = models[0]?.path ?? PLACEHOLDER_MODEL;

  const threads = Math.min(NOTEBOOK_THREADS, c);
  const streams = Math.min(NOTEBOOK_STREAMS, threads);
  const notebookNote =
    threads === NOTEBOOK_THREADS
      ? `As in the seed notebook: ${NOTEBOOK_STREAMS} streams × ${NOTEBOOK_THREADS} threads (this machine has ${c} logical cores).`
      : `The seed notebook uses ${NOTEBOOK_STREAMS} streams × ${NOTEBOOK_THREADS} threads; this machine has ${c} logical core${c > 1 ? 's' : ''}, so ${streams} × ${threads}.`;
  // The notebook writes numbers as numbers and the rate as a string; so do these.
  const cpu = (extra: string) =>
    `{\n    "CPU": {"NUM_STREAMS": ${streams}, "INFERENCE_NUM_THREADS": ${threads}${extra}}\n}\n`;
  const grid = powersUpTo(c);
  const sweep = (name: string, fields: Record<string, unknown>) =>
    configText({
      version: 1,
      name,
      variants,
      engines: ['ort'],
      ...fields,
      batch: [1],
      time_s: 1,
      warmup: 2,
      repeats: 1,
    });
  const run = (fields: Record<string, unknown>) =>
    configText({ version: 1, model: runModel, engine: 'ort', ...fields, seq: 64, time_s: 10 });

  return [
    {
      id: 'notebook-dense',
      kind: 'benchmark-app',
      title: 'Notebook: dense (benchmark_app)',
      note: notebookNote,
      text: cpu(''),
    },
    {
      id: 'notebook-sparse',
      kind: 'benchmark-app',
      title: 'Notebook: sparse weights (benchmark_app)',
      note: `${notebookNote} Sparse MatMuls from 75% zeros (CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE "0.75").`,
      text: cpu(', "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"'),
    },
    {
      id: 'streams-threads-grid',
      kind: 'sweep',
      title: 'Streams × threads grid',
      note: `Streams and threads ${grid.join(', ')}: powers of two up to this machine's ${c} logical cores (cells with threads < streams are skipped). ${modelNote}`,
      text: sweep('streams × threads', { streams: grid, threads: grid, seq: [64] }),
    },
    {
      id: 'seq-sweep',
      kind: 'sweep',
      title: 'Sequence length 16 … 512',
      note: `One stream with all ${c} logical cores, sequence lengths ${SEQ_SWEEP.join(', ')} (each at most the model's positions). ${modelNote}`,
      text: sweep('sequence length', { streams: [1], threads: [c], seq: SEQ_SWEEP }),
    },
    {
      id: 'latency',
      kind: 'run',
      title: 'Latency-oriented run',
      note: `One stream, one request at a time (sync), all ${c} logical cores on it: the shortest time per inference. ${models.length ? '' : modelNote}`.trim(),
      text: run({ streams: 1, threads: c, api: 'sync' }),
    },
    {
      id: 'throughput',
      kind: 'run',
      title: 'Throughput-oriented run',
      note: `${c} stream${c > 1 ? 's' : ''} with one thread each (async, all busy): the most inferences per second on ${c} logical cores. ${models.length ? '' : modelNote}`.trim(),
      text: run({ streams: c, threads: c, api: 'async' }),
    },
  ];
}
