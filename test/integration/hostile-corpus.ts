import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import protobuf from 'protobufjs';
import { onnxTypes } from '../../core/model/onnx/onnx-schema';
import { writeOnnx } from '../../core/model/onnx/onnx-writer';
import { tensorFromArray } from '../../core/model/tensor';
import type { Node } from '../../core/model/graph';
import { graph, model, node } from '../unit/model/build-model';
import { binFor, fixtureXml } from '../unit/openvino-ir/fixtures';

/**
 * Inputs a hostile or careless user gives SparseScope's CLI: absurd sizes, broken configs,
 * special files, links out of a model's folder. Each case is an argv; every one must end in
 * exit 0 or 2, quickly, with a message and no stack trace.
 */
export interface HostileCase {
  name: string;
  argv: string[];
  /** A regular expression the message must match. */
  says: RegExp;
}

export function buildCorpus(): { dir: string; cases: HostileCase[]; secret: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-hostile-'));
  const f = (name: string) => path.join(dir, name);
  const outside = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-outside-'));
  const secret = 'SECRET-CONTENT-THAT-MUST-NOT-BE-READ';
  writeFileSync(path.join(outside, 'secret.bin'), secret.padEnd(64, '!'));

  // A small model every engine runs: y = Relu(x), x float32 [batch, seq].
  const ok = model(
    graph({
      nodes: [node('Relu', ['x'], ['y'], {}, 'relu')],
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 'seq'] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 'seq'] }],
    }),
  );
  writeFileSync(f('ok.onnx'), writeOnnx(ok));

  // Declares an input of 10^12 floats.
  writeFileSync(
    f('absurd-dims.onnx'),
    writeOnnx(
      model(
        graph({
          nodes: [node('Relu', ['x'], ['y'], {}, 'relu')],
          inputs: [{ name: 'x', dtype: 'float32', shape: [100000, 100000, 100] }],
          outputs: [{ name: 'y', dtype: 'float32', shape: [100000, 100000, 100] }],
        }),
      ),
    ),
  );

  // Imports fine, but ORT cannot run it: Reshape [2,3] → [7].
  writeFileSync(
    f('ort-rejects.onnx'),
    writeOnnx(
      model(
        graph({
          nodes: [node('Reshape', ['x', 'shape'], ['y'], {}, 'bad_reshape')],
          inputs: [{ name: 'x', dtype: 'float32', shape: [2, 3] }],
          outputs: [{ name: 'y', dtype: 'float32', shape: [7] }],
          initializers: [tensorFromArray('shape', 'int64', [1], [7n])],
        }),
      ),
    ),
  );

  // External data through a link that leads out of the model's folder.
  const raw = onnxTypes().ModelProto.decode(writeOnnx(ok)) as unknown as {
    graph: { initializer: Record<string, unknown>[] };
  };
  raw.graph.initializer.push({
    name: 'w',
    data_type: 1,
    dims: [4],
    data_location: 1,
    external_data: [
      { key: 'location', value: 'link.bin' },
      { key: 'length', value: '16' },
    ],
  });
  mkdirSync(f('linked'));
  writeFileSync(f('linked/model.onnx'), onnxTypes().ModelProto.encode(raw).finish());
  symlinkSync(path.join(outside, 'secret.bin'), f('linked/link.bin'));

  // An OpenVINO IR whose .bin is a link out of its folder.
  mkdirSync(f('ir'));
  writeFileSync(f('ir/model.xml'), fixtureXml('matmul-add-v11'));
  writeFileSync(path.join(outside, 'model.bin'), binFor('matmul-add-v11')!);
  symlinkSync(path.join(outside, 'model.bin'), f('ir/model.bin'));

  // Subgraphs nested 40 levels deep (If → then_branch → If …).
  const leaf = graph({
    nodes: [node('Identity', ['c'], ['o'])],
    inputs: [],
    outputs: [{ name: 'o', dtype: 'bool', shape: [] }],
  });
  let body = leaf;
  for (let i = 0; i < 40; i++) {
    // One branch nests, the other stays a leaf: 40 levels deep, not 2^40 graphs wide.
    const n: Node = node('If', ['c'], ['o'], {
      then_branch: { type: 'graph', value: body },
      else_branch: { type: 'graph', value: leaf },
    });
    body = graph({ nodes: [n], inputs: [], outputs: [{ name: 'o', dtype: 'bool', shape: [] }] });
  }
  // protobufjs refuses to encode this deep by default, as it refuses to decode it.
  const limit = protobuf.util.recursionLimit;
  protobuf.util.recursionLimit = 1000;
  try {
    writeFileSync(
      f('deep-subgraphs.onnx'),
      writeOnnx(
        model(
          graph({
            nodes: body.nodes,
            inputs: [{ name: 'c', dtype: 'bool', shape: [] }],
            outputs: body.outputs,
          }),
        ),
      ),
    );
  } finally {
    protobuf.util.recursionLimit = limit;
  }

  // Configs that break JSON, nest absurdly, or hold 200,000 keys.
  writeFileSync(f('bad-escape.json'), '{"CPU": {"NUM_STREAMS": "4\\q"}}');
  writeFileSync(f('raw-newline.json'), '{"CPU": {"NUM_STREAMS": "4\n"}}');
  writeFileSync(f('deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
  writeFileSync(
    f('many-keys.json'),
    `{"CPU": {${Array.from({ length: 200_000 }, (_, i) => `"K${i}": "${i}"`).join(',')}}}`,
  );
  writeFileSync(f('huge-number.json'), '{"CPU": {"NUM_STREAMS": 1e400}}');
  const grid = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);
  writeFileSync(
    f('huge-grid.json'),
    JSON.stringify({
      version: 1,
      variants: [{ label: 'a', model: 'ok.onnx' }],
      engines: ['ort'],
      streams: grid(256),
      threads: grid(1000),
      seq: grid(1000),
      batch: grid(100),
      niter: 1,
    }),
  );

  // Billion laughs: nested entities that would expand to gigabytes if expanded.
  const ents = ['<!ENTITY lol "lol">'];
  for (let i = 1; i < 10; i++)
    ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  writeFileSync(
    f('laughs.xml'),
    `<?xml version="1.0"?><!DOCTYPE net [${ents.join('')}]><net name="&lol9;" version="11"><layers><layer id="0" name="&lol9;" type="Parameter" version="opset1"/></layers><edges/></net>`,
  );

  // Special files.
  execFileSync('mkfifo', [f('fifo.json')]);
  symlinkSync('/dev/zero', f('zero.onnx'));
  symlinkSync('/dev/zero', f('zero.json'));

  const m = ['-m', f('ok.onnx')];
  const cases: HostileCase[] = [
    { name: 'seq 1e12', argv: ['bench', ...m, '--seq', '1e12'], says: /--seq/ },
    { name: 'batch 1e8', argv: ['bench', ...m, '--batch', '100000000'], says: /--batch/ },
    {
      name: 'shape 100000x100000',
      argv: ['bench', ...m, '--shape', '[100000,100000]'],
      says: /would need 37\.3 GiB; one run's inputs may use at most 1\.0 GiB/,
    },
    {
      name: '100000 streams and threads',
      argv: ['bench', ...m, '--streams', '100000', '--threads', '100000'],
      says: /--streams/,
    },
    {
      name: 'absurd static dims',
      argv: ['bench', '-m', f('absurd-dims.onnx'), '--niter', '1'],
      says: /would need 3\.6 TiB|would need .*; one run's inputs may use at most/,
    },
    {
      name: 'compare on a model ORT cannot run',
      argv: ['compare', '-m', f('ort-rejects.onnx'), '--engines', 'ort,ort'],
      says: /onnxruntime (could not load|failed to run) .*ort-rejects\.onnx/,
    },
    {
      name: 'bench on a model ORT cannot run',
      argv: ['bench', '-m', f('ort-rejects.onnx'), '--niter', '1'],
      says: /onnxruntime (could not load|failed to run) .*ort-rejects\.onnx/,
    },
    ...(['bad-escape', 'raw-newline', 'deep', 'huge-number'] as const).map((name) => ({
      name: `--load-config ${name}`,
      argv: ['bench', ...m, '--load-config', f(`${name}.json`), '--niter', '1'],
      says: /line 1, column \d+: expected/,
    })),
    {
      name: '--load-config with 200,000 keys',
      argv: ['bench', ...m, '--load-config', f('many-keys.json'), '--niter', '1', '--seq', '4'],
      says: /./,
    },
    {
      name: 'sweep with 100,000-deep nesting',
      argv: ['sweep', '-c', f('deep.json'), '-o', f('out-deep')],
      says: /levels of nesting/,
    },
    {
      name: 'sweep of 25.6 billion cells',
      argv: ['sweep', '-c', f('huge-grid.json'), '-o', f('out-grid')],
      says: /25,600,000,000 cells/,
    },
    {
      name: 'sweep config that is a FIFO',
      argv: ['sweep', '-c', f('fifo.json'), '-o', f('out-fifo')],
      says: /FIFO/,
    },
    { name: 'import /dev/zero', argv: ['import', '/dev/zero'], says: /character device/ },
    {
      name: 'import a link to /dev/zero',
      argv: ['import', f('zero.json')],
      says: /character device/,
    },
    { name: 'import a FIFO', argv: ['import', f('fifo.json')], says: /FIFO/ },
    {
      name: 'info on /dev/zero',
      argv: ['info', '-m', f('zero.onnx')],
      says: /regular file|character device/,
    },
    { name: 'info on a FIFO', argv: ['info', '-m', f('fifo.json')], says: /regular file|FIFO/ },
    {
      name: 'external data through a link out of the folder',
      argv: ['info', '-m', f('linked/model.onnx')],
      says: /link leading out of the model's folder/,
    },
    {
      name: 'IR .bin linked out of the folder',
      argv: ['info', '-m', f('ir/model.xml')],
      says: /link leading out of the model's folder/,
    },
    {
      name: 'billion-laughs XML',
      argv: ['info', '-m', f('laughs.xml')],
      says: /laughs\.xml/,
    },
    {
      name: 'subgraphs 40 levels deep',
      argv: ['info', '-m', f('deep-subgraphs.onnx')],
      says: /subgraphs nest deeper than 32 levels/,
    },
  ];
  return { dir, cases, secret };
}
