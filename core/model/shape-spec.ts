import { UserError } from '../api/errors';

/**
 * Input shapes as benchmark_app's `-shape` takes them: `input_ids[1,64],attention_mask[1,64]`,
 * or one unnamed `[1,64]` meaning every input. The unnamed form is stored under ALL_INPUTS.
 */
export const ALL_INPUTS = '*';

export type ShapeSpec = Record<string, number[]>;

/** Parse a --shape value; throws UserError('BadInput') naming the flag and the offending part. */
export function parseShapeSpec(text: string, flag = '--shape'): ShapeSpec {
  const spec: ShapeSpec = {};
  const src = text.trim();
  if (src === '')
    throw new UserError(
      'BadInput',
      `${flag} is empty: expected e.g. "input_ids[1,64],attention_mask[1,64]".`,
    );
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('[', i);
    if (open < 0) {
      throw new UserError(
        'BadInput',
        `${flag}: "${src.slice(i)}" has no [dims]: expected NAME[d1,d2,...], e.g. input_ids[1,64].`,
      );
    }
    const close = src.indexOf(']', open);
    if (close < 0) throw new UserError('BadInput', `${flag}: missing "]" after "${src.slice(i)}".`);
    const name = src.slice(i, open).trim();
    const key = name === '' ? ALL_INPUTS : name;
    if (/[\s[\],]/.test(name)) {
      throw new UserError(
        'BadInput',
        `${flag}: input name "${name}" contains spaces, brackets or commas.`,
      );
    }
    if (key in spec)
      throw new UserError('BadInput', `${flag}: input "${name || '[...]'}" is given twice.`);
    const inner = src.slice(open + 1, close).trim();
    const dims = inner === '' ? [] : inner.split(',').map((d) => d.trim());
    spec[key] = dims.map((d) => {
      if (!/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d))) {
        throw new UserError(
          'BadInput',
          `${flag}: dimension "${d}" of ${name || 'the unnamed shape'} is not a positive integer.`,
        );
      }
      return Number(d);
    });
    i = close + 1;
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i < src.length) {
      if (src[i] !== ',') {
        throw new UserError(
          'BadInput',
          `${flag}: expected "," after ${name || '[...]'}[${inner}], found "${src[i]}".`,
        );
      }
      i++;
      if (src.slice(i).trim() === '')
        throw new UserError('BadInput', `${flag}: trailing "," with nothing after it.`);
    }
  }
  if (ALL_INPUTS in spec && Object.keys(spec).length > 1) {
    throw new UserError(
      'BadInput',
      `${flag}: an unnamed shape applies to every input; do not mix it with named ones.`,
    );
  }
  return spec;
}

/** The text form parseShapeSpec reads back, for logs and results. */
export function formatShapeSpec(spec: ShapeSpec): string {
  return Object.entries(spec)
    .map(([name, dims]) => `${name === ALL_INPUTS ? '' : name}[${dims.join(',')}]`)
    .join(',');
}
