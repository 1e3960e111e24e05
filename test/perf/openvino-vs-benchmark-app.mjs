// SparseScope's openvino engine against OpenVINO's own benchmark_app, run the same way by
// hand: same model, -load_config, shape, nireq and length, interleaved (benchmark_app, then
// SparseScope, repeated), so machine noise hits both alike; the figure is the ratio of each
// pair. Needs `npm run setup:openvino` and a build (`node scripts/build.mjs core`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseOptions, root } from './perf-lib.mjs';

const values = parseOptions(
  'node test/perf/openvino-vs-benchmark-app.mjs [--repeats 6] [--time 4]',
  {
    repeats: { type: 'string' },
    time: { type: 'string' },
  },
);
const repeats = Number(values.repeats ?? 6);
const time = String(values.time ?? 4);
const venv = path.join(root, '.venv-openvino/bin');
const bin = path.join(root, 'dist/core/bin.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'ov-vs-benchmark-app-'));
const SHAPE = 'input_ids[1,64],attention_mask[1,64],token_type_ids[1,64]';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

const fp32 = path.join(work, 'mini.onnx');
const int8 = path.join(work, 'mini-s80-qdq.onnx');
const outIn = path.join(work, 'mini-s80-qdq-out-in.xml');
run(process.execPath, [bin, 'make-model', '--preset', 'mini', '-o', fp32]);
run(process.execPath, [
  bin,
  'make-model',
  '--preset',
  'mini',
  '--sparsity',
  '0.8',
  '--precision',
  'int8-qdq',
  '-o',
  int8,
]);
// The int8 weights stored [out, in] (MatMul transpose_b), as IR from PyTorch/Optimum stores
// them: the form OpenVINO's sparse weight decompression applies to (see its README).
run(path.join(venv, 'python'), [
  '-c',
  `import sys, openvino as ov; sys.path.insert(0, 'test/fixtures/openvino-runtime'); from record import weights_out_in
ov.save_model(weights_out_in(ov.Core().read_model(${JSON.stringify(int8)})), ${JSON.stringify(outIn)}, compress_to_fp16=False)`,
]);

const config = (name, cpu) => {
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ CPU: cpu }) + '\n');
  return file;
};
const cases = [
  {
    label: 'mini FP32, 1 x 1, nireq 1',
    model: fp32,
    nireq: 1,
    cfg: config('s1t1', { NUM_STREAMS: 1, INFERENCE_NUM_THREADS: 1 }),
  },
  {
    label: 'mini 80% INT8 [out,in], dense config 2 x 2',
    model: outIn,
    nireq: 2,
    cfg: config('dense', { NUM_STREAMS: 2, INFERENCE_NUM_THREADS: 2 }),
  },
  {
    label: 'same, sparse config (rate 0.75)',
    model: outIn,
    nireq: 2,
    cfg: config('sparse', {
      NUM_STREAMS: 2,
      INFERENCE_NUM_THREADS: 2,
      CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: 0.75,
    }),
  },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = cases.map(() => []);
for (let r = 0; r < repeats; r++) {
  cases.forEach((c, i) => {
    const common = [
      '-m',
      c.model,
      '-load_config',
      c.cfg,
      '-nireq',
      String(c.nireq),
      '-api',
      'async',
    ];
    const ba = run(path.join(venv, 'benchmark_app'), [...common, '-shape', SHAPE, '-t', time]);
    const baFps = Number(/Throughput:\s*([\d.]+)/.exec(ba)[1]);
    const ss = JSON.parse(
      run(process.execPath, [
        bin,
        'bench',
        '--engine',
        'openvino',
        '-m',
        c.model,
        '--shape',
        SHAPE,
        '--load-config',
        c.cfg,
        '--nireq',
        String(c.nireq),
        '--api',
        'async',
        '--time',
        time,
        '--json',
      ]),
    );
    rows[i].push({
      ba: baFps,
      ss: ss.throughput_fps,
      note: ss.engine_details?.sparse_weights?.note ?? '',
    });
    console.log(
      `${c.label}: benchmark_app ${baFps.toFixed(1)} FPS, SparseScope ${ss.throughput_fps.toFixed(1)} FPS ${rows[i].at(-1).note}`,
    );
  });
}
console.log(
  '\ncase | benchmark_app FPS median | SparseScope FPS median | SparseScope/benchmark_app per pair: median [min–max]',
);
cases.forEach((c, i) => {
  const ratios = rows[i].map((x) => x.ss / x.ba);
  console.log(
    `${c.label} | ${median(rows[i].map((x) => x.ba)).toFixed(0)} | ${median(rows[i].map((x) => x.ss)).toFixed(0)} | ${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
  );
});
