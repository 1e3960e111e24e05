// What profiling costs the builtin: one session with `profile: true` and one without, run in
// alternating order on this thread; each pair's time ratio counts, the median over the pairs
// is the figure (alternation cancels the machine's drift, which separate windows do not).
import { bertFeeds, spread } from './lib.mjs';

export async function profileCost(lib, file, { seq, pairs, sparseRate, tier, vocab }) {
  const options = { threads: 1, sparseRate, tier };
  const off = await lib.builtinEngine.load(file, options);
  const on = await lib.builtinEngine.load(file, { ...options, profile: true });
  const feeds = bertFeeds(seq, vocab);
  for (let i = 0; i < 3; i++) for (const s of [off, on]) await s.run(feeds);
  const ratios = [];
  for (let i = 0; i < pairs; i++) {
    const ms = new Map();
    for (const s of i % 2 ? [off, on] : [on, off]) {
      const t = performance.now();
      await s.run(feeds);
      ms.set(s, performance.now() - t);
    }
    ratios.push(ms.get(off) / ms.get(on));
  }
  await off.close();
  await on.close();
  return { seq, pairs, samples: ratios, spread: spread(ratios) };
}
