/** A linear scale with "nice" ticks, for charts drawn directly in SVG. */
export interface LinearScale {
  domain: [number, number];
  ticks: number[];
  map(value: number, size: number): number;
}

export function linearScale(values: readonly number[], tickCount = 5): LinearScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const raw = (hi - lo) / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return {
    domain: [start, end],
    ticks,
    map: (value, size) => ((value - start) / (end - start)) * size,
  };
}
