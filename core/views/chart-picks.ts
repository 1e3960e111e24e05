import type { Speedup } from '../api/sweep-summary';

/**
 * What the Results charts show when the user's earlier picks no longer fit (another run was
 * opened, a comparison changed): keep a pick while it is still a choice, else fall back to
 * the first choice. Pure, so the page's selection rules are tested here.
 */

/** The pick when it is one of the choices, else the first choice (undefined when none). */
export function pickOrFirst<T>(pick: T | null, choices: readonly T[]): T | undefined {
  return pick !== null && choices.includes(pick) ? pick : choices[0];
}

/** The choice whose id was picked, else the first. */
export function pickById<T extends { id: string }>(
  id: string | null,
  choices: readonly T[],
): T | null {
  return choices.find((c) => c.id === id) ?? choices[0] ?? null;
}

/**
 * Sequence lengths to offer for the heatmap and bars: those the selected comparison has
 * speedups at, ascending; when it has none, every sequence length measured.
 */
export function seqChoices(speedups: readonly Speedup[], measured: readonly number[]): number[] {
  const withSpeedups = [
    ...new Set(speedups.map((s) => s.key.seq).filter((x): x is number => x !== null)),
  ].sort((a, b) => a - b);
  return withSpeedups.length ? withSpeedups : [...measured];
}
