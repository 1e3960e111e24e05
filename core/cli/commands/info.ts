import type { Dim } from '../../model/graph';
import type { ModelInfo } from '../../api/model-info';
import { modelInfo } from '../../model/model-info';
import { openModelFile } from '../../model/registry';
import type { Command } from '../command';
import { numberFlag, requiredString } from '../flags';
import { engineSupport, renderEngineSupport } from './info-engines';

function fmtCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)} T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

function fmtBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

const shapeText = (s: Dim[] | null): string =>
  s ? `[${s.map((d) => d ?? '?').join(', ')}]` : '(unknown rank)';
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function render(info: ModelInfo): string {
  const lines: string[] = [];
  const row = (k: string, v: string): number => lines.push(`${k.padEnd(12)} ${v}`);
  row('File', info.file ?? '(memory)');
  row('Format', `${info.format}, IR ${info.irVersion}`);
  row('Producer', `${info.producer || '(none)'} ${info.producerVersion}`.trim());
  row(
    'Opsets',
    Object.entries(info.opsets)
      .map(([d, v]) => `${d || 'ai.onnx'} ${v}`)
      .join(', ') || '(none)',
  );
  for (const v of info.inputs) row('Input', `${v.name}  ${v.dtype ?? '?'} ${shapeText(v.shape)}`);
  for (const v of info.outputs) row('Output', `${v.name}  ${v.dtype ?? '?'} ${shapeText(v.shape)}`);
  row(
    'Nodes',
    `${info.nodeCount}${info.subgraphNodeCount ? ` (+${info.subgraphNodeCount} in subgraphs)` : ''}`,
  );
  row(
    'Parameters',
    `${fmtCount(info.parameters.count)} in ${info.parameters.tensors} tensors, ${fmtBytes(info.parameters.bytes)}`,
  );
  const f = info.flops;
  row(
    'FLOPs',
    `${fmtCount(f.total)} per inference at batch ${f.batch}, seq ${f.seq} (linear ${fmtCount(f.linear)}, attention ${fmtCount(f.attention)}; ${f.countedNodes} matmuls${f.uncounted.length ? `, ${f.uncounted.length} not derivable` : ''})`,
  );
  lines.push('', 'Op types:');
  const ops = Object.entries(info.opHistogram);
  const w = Math.max(8, ...ops.map(([k]) => k.length));
  for (const [op, count] of ops) lines.push(`  ${op.padEnd(w)} ${String(count).padStart(6)}`);
  if (info.linearWeights.length) {
    lines.push(
      '',
      `Linear weights (${info.linearWeights.length}, overall sparsity ${pct(info.linearSparsity)}):`,
    );
    const nw = Math.max(6, ...info.linearWeights.map((l) => l.weight.length));
    lines.push(
      `  ${'weight'.padEnd(nw)}  ${'op'.padEnd(13)} ${'dtype'.padEnd(8)} ${'shape'.padEnd(14)} sparsity`,
    );
    for (const l of info.linearWeights) {
      lines.push(
        `  ${l.weight.padEnd(nw)}  ${l.opType.padEnd(13)} ${l.dtype.padEnd(8)} ${`[${l.shape.join(', ')}]`.padEnd(14)} ${pct(l.sparsity).padStart(6)}${l.quantized ? '  (quantized)' : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

export const infoCommand: Command = {
  name: 'info',
  summary:
    'Describe a model: inputs, ops, parameters, linear weights with sparsity, FLOPs, which engines can run it',
  usage:
    'sparsescope info -m FILE [--json] [--seq N] [--batch N] [--check-engines]\n\n  Engines: builtin is checked by its op and type list; --check-engines loads the model in\n  every engine available here (onnxruntime and OpenVINO only say by loading it).',
  options: {
    model: { type: 'string', short: 'm' },
    json: { type: 'boolean' },
    'check-engines': { type: 'boolean' },
    seq: { type: 'string' },
    batch: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const file = requiredString(values, 'model', '-m FILE');
    const seq = numberFlag(values, 'seq', { min: 1, max: 1_000_000, integer: true });
    const batch = numberFlag(values, 'batch', { min: 1, max: 1_000_000, integer: true });
    const model = await openModelFile(file);
    const info = modelInfo(model, {
      ...(seq === undefined ? {} : { seq }),
      ...(batch === undefined ? {} : { batch }),
    });
    const engines = await engineSupport(file, model, values['check-engines'] === true);
    io.stdout(
      values.json
        ? JSON.stringify({ ...info, engines }, null, 2) + '\n'
        : render(info) + renderEngineSupport(engines).join('\n') + '\n',
    );
    return 0;
  },
};
