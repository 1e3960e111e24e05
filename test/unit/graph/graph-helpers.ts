import type { GraphModel } from '../../../core/model/graph';
import { generateBert } from '../../../core/model/generate/bert';

/** A BERT-like encoder narrow enough to lay out in milliseconds, `layers` deep. */
export function narrowBert(layers: number): GraphModel {
  return generateBert({
    layers,
    hidden: 16,
    heads: 2,
    intermediate: 32,
    vocab: 50,
    maxSeq: 32,
    seed: 1,
  });
}
