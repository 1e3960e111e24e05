import type { EngineProfile, LayerCounter } from '../engine';

/**
 * benchmark_app's `-pc` table (utils.print_perf_counters: name, status, layerType, execType,
 * realTime, cpuTime in ms), averaged over the infer requests instead of one table per
 * request, with one more column: the original model nodes the runtime layer covers
 * (originalLayersNames), so fused layers read back in the model's own names.
 */

const cut = (s: string, n: number): string => (s.length >= n ? s.slice(0, n - 4) + '...' : s);

interface Row extends LayerCounter {
  originals: string[];
}

/** Per layer, the mean of its counters over the requests (first request's order). */
export function averageCounters(profile: EngineProfile): Row[] {
  const requests = profile.counters.filter((r) => r.length > 0);
  if (requests.length === 0) return [];
  const byName = new Map(profile.runtimeGraph.map((n) => [n.name, n]));
  const sums = new Map<string, { real: number; cpu: number; n: number }>();
  for (const rows of requests) {
    for (const c of rows) {
      const s = sums.get(c.name) ?? { real: 0, cpu: 0, n: 0 };
      s.real += c.realUs;
      s.cpu += c.cpuUs;
      s.n++;
      sums.set(c.name, s);
    }
  }
  return requests[0]!.map((c) => {
    const s = sums.get(c.name)!;
    return {
      ...c,
      realUs: s.real / s.n,
      cpuUs: s.cpu / s.n,
      originals: byName.get(c.name)?.originalNames ?? [],
    };
  });
}

export function formatCounters(profile: EngineProfile): string {
  const rows = averageCounters(profile);
  const n = profile.counters.filter((r) => r.length > 0).length;
  const lines = [`[ INFO ] Performance counts, mean over ${n} infer request${n === 1 ? '' : 's'}`];
  let real = 0;
  let cpu = 0;
  for (const r of rows) {
    real += r.realUs;
    cpu += r.cpuUs;
    const covers = r.originals.length && (r.originals.length > 1 || r.originals[0] !== r.name);
    lines.push(
      [
        cut(r.name, 20).padEnd(20),
        `Status.${r.status}`.padEnd(20),
        `layerType: ${cut(r.layerType, 20).padEnd(20)}`,
        `execType: ${r.execType.padEnd(20)}`,
        `realTime (ms): ${(r.realUs / 1000).toFixed(3).padEnd(10)}`,
        `cpuTime (ms): ${(r.cpuUs / 1000).toFixed(3).padEnd(10)}`,
        covers ? `originals: ${r.originals.join(',')}` : '',
      ]
        .join(' ')
        .trimEnd(),
    );
  }
  lines.push(`Total time:     ${(real / 1000).toFixed(3)} milliseconds`);
  lines.push(`Total CPU time: ${(cpu / 1000).toFixed(3)} milliseconds`);
  if (profile.runtimeGraphXml) {
    lines.push(`[ INFO ] Execution graph (runtime graph) written to ${profile.runtimeGraphXml}`);
  }
  return lines.join('\n') + '\n';
}
