import { UserError } from '../../api/errors';
import type { ValueInfo } from '../../model/graph';
import type { HostTensor } from '../engine';
import { numel } from './values';

function describe(info: ValueInfo): string {
  const dims = info.shape
    ? `[${info.shape.map((d) => (d === null ? '?' : d)).join(', ')}]`
    : '(any shape)';
  return `${info.dtype ?? 'any type'} ${dims}`;
}

/**
 * Check feeds against the model's inputs before anything runs: every input present, no
 * unknown names, declared dtype, rank and fixed dims, one size per symbolic dim, and data
 * length matching dims.
 */
export function checkFeeds(inputs: ValueInfo[], feeds: Record<string, HostTensor>): void {
  const known = new Set(inputs.map((i) => i.name));
  const extra = Object.keys(feeds).filter((k) => !known.has(k));
  if (extra.length) {
    throw new UserError(
      'BadInput',
      `unknown input${extra.length > 1 ? 's' : ''} ${extra.map((e) => `"${e}"`).join(', ')}; the model's inputs are ${[...known].map((k) => `"${k}"`).join(', ')}`,
    );
  }
  const symbols = new Map<string, { size: number; input: string }>();
  for (const info of inputs) {
    const feed = feeds[info.name];
    if (!feed)
      throw new UserError('BadInput', `missing input "${info.name}" (expected ${describe(info)})`);
    if (info.dtype && feed.dtype !== info.dtype) {
      throw new UserError(
        'BadInput',
        `input "${info.name}" has type ${feed.dtype}, but the model expects ${describe(info)}`,
      );
    }
    if (!Array.isArray(feed.dims) || feed.dims.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new UserError(
        'BadInput',
        `input "${info.name}" has invalid dims [${String(feed.dims)}]`,
      );
    }
    if (feed.data.length !== numel(feed.dims)) {
      throw new UserError(
        'BadInput',
        `input "${info.name}" has ${feed.data.length} values for dims [${feed.dims.join(', ')}] (${numel(feed.dims)} expected)`,
      );
    }
    if (!info.shape) continue;
    if (info.shape.length !== feed.dims.length) {
      throw new UserError(
        'BadInput',
        `input "${info.name}" has shape [${feed.dims.join(', ')}] (rank ${feed.dims.length}), but the model expects ${describe(info)}`,
      );
    }
    info.shape.forEach((d, i) => {
      const got = feed.dims[i]!;
      if (typeof d === 'number' && d !== got) {
        throw new UserError(
          'BadInput',
          `input "${info.name}" dim ${i} is ${got}, but the model expects ${describe(info)}`,
        );
      }
      if (typeof d === 'string' && d !== '') {
        const seen = symbols.get(d);
        if (seen && seen.size !== got) {
          throw new UserError(
            'BadInput',
            `dimension "${d}" is ${seen.size} in input "${seen.input}" but ${got} in input "${info.name}"`,
          );
        }
        symbols.set(d, { size: got, input: info.name });
      }
    });
  }
}
