import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { GRAPH_DIRECTIONS, GRAPH_HEAT_METRICS } from '../../api/names';
import { graphViewOf } from '../../host/graph-view-model';
import { runtimeView } from '../../host/graph-view';
import { openModelFile } from '../../model/registry';
import { launchHeadlessChromium } from '../../util/headless-chromium';
import { importProfileFile } from '../../profile/importers/registry';
import { writeFileAtomic } from '../../util/atomic-write';
import { renderGraphViewSvg } from '../../views/graph-render';
import { UsageError, type Command } from '../command';
import { choiceFlag, requiredString } from '../flags';

const USAGE = `sparsescope graph -m MODEL -o FILE.svg|FILE.png [--profile P] [--runtime] [--metric ${GRAPH_HEAT_METRICS.join('|')}]
         [--collapse] [--direction ${GRAPH_DIRECTIONS.join('|')}] [--theme light|dark] [--names]

  Draw a model's graph (ONNX or OpenVINO IR, every subgraph below the main graph) as the
  Graph area does: boxes by op category with weights and attributes, edges with dtypes and
  shapes. --profile colours nodes by a profile's measured time (any file \`profile --import\`
  reads; --metric picks time, share of total or GFLOP/s); --runtime draws the profile's
  runtime graph (fused nodes) instead of the original. --collapse draws each repeated block
  (a transformer layer, found by structure) as one box. --names adds node names to boxes
  (they are always in each box's tooltip). PNG is rendered by headless Chromium
  (/usr/bin/chromium, or SPARSESCOPE_CHROMIUM).`;

/** Largest PNG side: Chromium's screenshots and most viewers stop near 16k pixels. */
const MAX_PNG_SIDE = 16_000;

/** Rasterise an SVG document in headless Chromium; a clear error when either is missing. */
async function svgToPng(svg: string): Promise<Buffer> {
  const size = /<svg[^>]*\bwidth="(\d+)" height="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  const scale = Math.min(2, MAX_PNG_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  const scaled = svg.replace(
    /<svg([^>]*)\bwidth="\d+" height="\d+"/,
    `<svg$1width="${w}" height="${h}"`,
  );
  const browser = await launchHeadlessChromium('PNG output', 'write FILE.svg instead');
  try {
    const page = await browser.newPage({
      viewport: { width: Math.min(w, MAX_PNG_SIDE), height: Math.min(h, MAX_PNG_SIDE) },
    });
    const body = scaled.replace(/^<\?xml[^>]*>\s*/, '');
    await page.setContent(`<!doctype html><html><body style="margin:0">${body}</body></html>`);
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: w, height: h } });
  } finally {
    await browser.close();
  }
}

export const graphCommand: Command = {
  name: 'graph',
  summary: 'Draw a model graph (optionally coloured by a profile) to SVG or PNG, without a window',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    output: { type: 'string', short: 'o' },
    profile: { type: 'string' },
    runtime: { type: 'boolean' },
    metric: { type: 'string' },
    collapse: { type: 'boolean' },
    direction: { type: 'string' },
    theme: { type: 'string' },
    names: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const modelFile = requiredString(values, 'model', '-m MODEL');
    const output = requiredString(values, 'output', '-o FILE.svg|FILE.png');
    const ext = path.extname(output).toLowerCase();
    if (ext !== '.svg' && ext !== '.png')
      throw new UsageError(`-o ${output}: the file name must end in .svg or .png.`);
    const folder = path.dirname(path.resolve(output));
    if (!existsSync(folder)) throw new UsageError(`-o ${output}: folder ${folder} does not exist.`);
    const direction = choiceFlag(values, 'direction', GRAPH_DIRECTIONS, 'tb');
    const metric = choiceFlag(values, 'metric', GRAPH_HEAT_METRICS, 'time');
    const theme = choiceFlag(values, 'theme', ['light', 'dark'] as const, 'light');
    if (values.runtime && values.profile === undefined)
      throw new UsageError("--runtime draws a profile's runtime graph: give --profile P too.");
    if (values.metric !== undefined && values.profile === undefined)
      throw new UsageError('--metric colours by a profile: give --profile P too.');

    const model = await openModelFile(modelFile);
    const profile =
      typeof values.profile === 'string' ? (await importProfileFile(values.profile)).profile : null;
    const title = path.basename(modelFile);
    const view =
      profile && values.runtime
        ? await runtimeView(model, profile, path.basename(String(values.profile)), {
            modelId: null,
            title,
          })
        : graphViewOf(model, {
            modelId: null,
            title,
            ...(profile
              ? { at: { batch: profile.config.batch ?? 1, seq: profile.config.seq ?? 128 } }
              : {}),
          });
    const rendered = renderGraphViewSvg(view, {
      direction,
      collapse: values.collapse === true,
      theme,
      showNames: values.names === true,
      profile,
      metric,
    });
    const data = ext === '.svg' ? rendered.svg : await svgToPng(rendered.svg);
    try {
      await writeFileAtomic(output, data);
    } catch (err) {
      throw new UserError('WriteFailed', `Could not write ${output}.`, (err as Error).message);
    }
    const nodes = rendered.graphs.reduce((s, g) => s + g.nodes, 0);
    const groups = rendered.graphs.reduce((s, g) => s + g.groups, 0);
    io.stdout(
      `Wrote ${output}: ${rendered.graphs.length} graph(s), ${nodes} nodes` +
        (groups ? `, ${groups} repeated blocks collapsed` : '') +
        (view.runtime ? `; runtime graph: ${view.runtime.note}` : '') +
        (profile ? `; coloured by ${rendered.legend?.title ?? metric}` : '') +
        '\n',
    );
    return 0;
  },
};
