import { makeFeeds } from '../feeds';
import { graphFacts } from '../input-facts';
import type { HostTensor } from '../tensor';
import type { GraphModel } from '../graph';

export interface SampleFeedOptions {
  seed?: number;
  /** Size of the batch dimension. Default 1. */
  batch?: number;
  /** Size of the sequence dimension, capped at the model's positions. Default 16. */
  seq?: number;
}

/**
 * Seeded inputs for comparing a transformed model with its original: the benchmark's own
 * synthetic feeds (token ids below the vocabulary, masks ones, token types zeros, floats
 * N(0,1)), so a model is fed the same way everywhere. Same model and options → same feeds.
 */
export function sampleFeeds(
  model: GraphModel,
  options: SampleFeedOptions = {},
): Record<string, HostTensor> {
  const { seed = 0, batch = 1, seq = 16 } = options;
  const facts = graphFacts(model);
  const bounded = facts.maxPositions === null ? seq : Math.min(seq, facts.maxPositions);
  return makeFeeds(facts, { batch, seq: bounded, seed });
}
