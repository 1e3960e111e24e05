import { UserError } from '../../api/errors';
import type { GraphModel } from '../graph';
import { differenceOf, type OutputDifference } from './output-diff';
import { runOnce } from './ort-run';
import { sampleFeeds, type SampleFeedOptions } from './sample-feeds';

export type Comparison =
  | { ok: true; differences: OutputDifference[] }
  /** The original could not be run (e.g. inputs we cannot synthesise): nothing to compare. */
  | { ok: false; reason: string };

/**
 * Compare a transformed model with its original on seeded sample inputs. When the original
 * itself cannot be run there is nothing to compare against, which is reported, not thrown;
 * when only the transformed model fails, the transform broke it, and that is thrown.
 */
export async function compareWithOriginal(
  original: GraphModel,
  transformed: GraphModel,
  options: SampleFeedOptions,
): Promise<Comparison> {
  let reference: Record<string, Float32Array>;
  let feeds;
  try {
    feeds = sampleFeeds(original, options);
    reference = await runOnce(original, feeds);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { ok: false, reason: `${err.message}${err.detail ? ` (${err.detail})` : ''}` };
  }
  let candidate: Record<string, Float32Array>;
  try {
    candidate = await runOnce(transformed, feeds);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError(
      'RunFailed',
      `The transformed model does not run: ${err.message}`,
      err.detail,
    );
  }
  return {
    ok: true,
    differences: Object.keys(reference).map((name) =>
      differenceOf(name, reference[name]!, candidate[name] ?? new Float32Array(0)),
    ),
  };
}

/** Text lines for a comparison, shared by `prune` and `quantize`. */
export function comparisonText(c: Comparison, feedNote: string): string[] {
  if (!c.ok) return [`Output difference: not measured — ${c.reason}`];
  return [
    `Output difference vs original (${feedNote}):`,
    ...c.differences.map(
      (d) =>
        `  ${d.name}: max |Δ| ${d.maxAbs.toPrecision(4)}, cosine ${d.cosine.toFixed(6)} (${d.elements} values)`,
    ),
  ];
}
