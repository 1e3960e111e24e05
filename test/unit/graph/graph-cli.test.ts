import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { openModelFile } from '../../../core/model/registry';
import { projectRoot } from '../../../core/util/paths';
import { saveOnnxModel } from '../../../core/model/transforms/save-model';
import { allNodeNames, subgraphModel } from '../../fixtures/graph/subgraph-model';
import { cli } from '../helpers/cli';
import { FIXTURES, stageFixtures } from '../openvino-ir/fixtures';

const PROFILES = path.join(projectRoot(), 'test/fixtures/profiles');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-graph-cli-'));
const staged = stageFixtures();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  staged.remove();
});

const xmlText = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

async function expectEveryName(model: string, out: string, ...flags: string[]): Promise<string> {
  const r = await cli('graph', '-m', model, '-o', out, ...flags);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Wrote .*graph\(s\)/);
  const svg = readFileSync(out, 'utf8');
  expect(XMLValidator.validate(svg)).toBe(true);
  const m = await openModelFile(model);
  const names = allNodeNames(m.graph);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names)
    expect(svg, `node ${name}`).toContain(`<title>${xmlText(name)}</title>`);
  return svg;
}

describe('sparsescope graph', () => {
  it('draws every OpenVINO IR fixture to a valid SVG naming every node', async () => {
    for (const name of FIXTURES)
      await expectEveryName(staged.xmlPath(name), path.join(dir, `${name}.svg`));
  });

  it('draws an ONNX model with If and Loop subgraphs (nested) to one SVG naming every node', async () => {
    const file = path.join(dir, 'control-flow.onnx');
    await saveOnnxModel(subgraphModel(), file);
    const svg = await expectEveryName(
      file,
      path.join(dir, 'control-flow.svg'),
      '--direction',
      'lr',
      '--theme',
      'dark',
    );
    expect(svg).toContain('Subgraph then_body (main_if › then_branch)');
    expect(svg).toContain('Subgraph inner_else (body_if › else_branch)');
    expect(svg).toContain('#14171c'); // the dark background
  });

  it('colours by a real profile (ORT, captured) and collapses repeated blocks', async () => {
    const model = path.join(dir, 'tiny.onnx');
    expect((await cli('make-model', '--preset', 'tiny', '-o', model)).code).toBe(0);
    const out = path.join(dir, 'tiny.svg');
    const r = await cli(
      'graph',
      '-m',
      model,
      '-o',
      out,
      '--collapse',
      '--profile',
      path.join(PROFILES, 'ort-tiny-seq16-3runs.json'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 repeated blocks collapsed; coloured by Mean time per iteration/);
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('block 1 of 2');
    expect(svg).toContain('Mean time per iteration (ms) (log scale)');
    expect(svg).toMatch(/ ms · \d/); // a group's summed time
  });

  it("draws OpenVINO's execution graph (captured) as the runtime graph of the model it ran", async () => {
    const model = path.join(dir, 'mini.onnx');
    expect((await cli('make-model', '--preset', 'mini', '-o', model)).code).toBe(0);
    const out = path.join(dir, 'mini-runtime.svg');
    const exec = path.join(PROFILES, 'openvino-exec-graph-mini.xml');
    const r = await cli(
      'graph',
      '-m',
      model,
      '-o',
      out,
      '--profile',
      exec,
      '--runtime',
      '--metric',
      'share',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/runtime graph: OpenVINO's execution graph/);
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('% of total node time');
    expect(svg).toMatch(/>FullyConnected</);
  });

  it('refuses bad input with a message naming the flag or file, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['graph', '-o', path.join(dir, 'x.svg')], /-m MODEL is required/],
      [['graph', '-m', staged.xmlPath('matmul-add-v11')], /-o FILE\.svg\|FILE\.png is required/],
      [
        ['graph', '-m', staged.xmlPath('matmul-add-v11'), '-o', path.join(dir, 'x.pdf')],
        /must end in \.svg or \.png/,
      ],
      [
        ['graph', '-m', staged.xmlPath('matmul-add-v11'), '-o', '/nonexistent-folder/x.svg'],
        /folder \/nonexistent-folder does not exist/,
      ],
      [
        ['graph', '-m', path.join(dir, 'missing.onnx'), '-o', path.join(dir, 'x.svg')],
        /missing\.onnx: no such file/,
      ],
      [
        [
          'graph',
          '-m',
          staged.xmlPath('matmul-add-v11'),
          '-o',
          path.join(dir, 'x.svg'),
          '--direction',
          'up',
        ],
        /--direction expects tb or lr/,
      ],
      [
        [
          'graph',
          '-m',
          staged.xmlPath('matmul-add-v11'),
          '-o',
          path.join(dir, 'x.svg'),
          '--runtime',
        ],
        /--runtime .* give --profile P/,
      ],
      [
        [
          'graph',
          '-m',
          staged.xmlPath('matmul-add-v11'),
          '-o',
          path.join(dir, 'x.svg'),
          '--profile',
          path.join(dir, 'nope.json'),
        ],
        /nope\.json/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    }
  });

  it('says what is missing when PNG output has no Chromium, exit 2', async () => {
    const saved = process.env.SPARSESCOPE_CHROMIUM;
    process.env.SPARSESCOPE_CHROMIUM = path.join(dir, 'no-chromium');
    try {
      const r = await cli(
        'graph',
        '-m',
        staged.xmlPath('matmul-add-v11'),
        '-o',
        path.join(dir, 'x.png'),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/PNG output needs Chromium, and .*no-chromium is not there/);
      expect(r.stderr).toMatch(/write FILE\.svg instead/);
    } finally {
      if (saved === undefined) delete process.env.SPARSESCOPE_CHROMIUM;
      else process.env.SPARSESCOPE_CHROMIUM = saved;
    }
  });
});
