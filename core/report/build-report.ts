import path from 'node:path';
import { REPORT_SECTIONS, type ReportSection } from '../api/names';
import {
  REPORT_DOCUMENT_VERSION,
  reportDocumentSchema,
  type ReportBlock,
  type ReportDocument,
  type ReportInputDoc,
  type ReportSectionDoc,
} from '../api/schemas/report';
import { describeRatio } from '../views/noise';
import { hotspots } from '../views/profile-aggregate';
import { appVersion } from '../util/paths';
import type { ProfileInput, ReportInput, RunInput } from './inputs';
import { collectModelFacts, modelNames, type ModelFacts } from './model-facts';
import {
  compareRunsBlock,
  machineBlock,
  modelsBlock,
  notesBlock,
} from './sections/context-sections';
import { hotspotsBlock, profileDeltaBlock } from './sections/profile-sections';
import {
  comparisonBlock,
  runComparisons,
  sweetSpotBlock,
  type Comparison,
} from './sections/run-speedups';
import { configsBlock, measurementsBlock, noiseBlock, resultsBlock } from './sections/run-tables';

export interface ReportOptions {
  /** Sections to include (shown in REPORT_SECTIONS order); default all. */
  sections?: readonly ReportSection[];
  title?: string | null;
  /** Sweet-spot latency budget (ms); null = the middle of each run's measured range. */
  budgetMs?: number | null;
  notes?: string | null;
  /** ISO time; default now. */
  generatedAt?: string;
  /** Which model files the facts may be read from (a host's folder policy); default any. */
  mayReadModel?: (file: string) => boolean;
}

const SECTION_TITLES: Record<ReportSection, string> = {
  machine: 'Machine and software',
  models: 'Models',
  configs: 'Configurations',
  results: 'Results',
  speedups: 'Speedups',
  'sweet-spot': 'Best configuration under a latency budget',
  noise: 'Measurement noise',
  hotspots: 'Hotspots',
  compare: 'A/B compare',
  measurements: 'All measurements',
  notes: 'Notes',
};

const role = (i: number, n: number): string | null => (n > 1 ? String.fromCharCode(65 + i) : null);

function describeInput(input: ReportInput, r: string | null): ReportInputDoc {
  let detail: string;
  if (input.kind === 'sweep') {
    const s = input.summary;
    detail = `sweep: ${s.recorded}/${s.planned} cells recorded, ${s.failed} failed`;
  } else if (input.kind === 'results') {
    const sources = [...new Set(input.results.map((x) => x.source))].join(', ');
    detail = `${input.results.length} result(s) (${sources})`;
  } else {
    const p = input.profile;
    detail = `profile (${p.source}): ${p.engine}, ${p.nodes.length} nodes, ${p.iterations} iteration(s)`;
  }
  return { kind: input.kind, role: r, name: input.name, path: input.path, id: input.id, detail };
}

/**
 * The report document from inputs already read and model facts already collected. Pure but
 * for the clock and the version: every number comes from core/views (see core/report/README.md).
 */
export function buildReport(
  inputs: readonly ReportInput[],
  facts: readonly ModelFacts[],
  options: ReportOptions = {},
): ReportDocument {
  const wanted = new Set(options.sections ?? REPORT_SECTIONS);
  const runs = inputs.filter((i): i is RunInput => i.kind !== 'profile');
  const profiles = inputs.filter((i): i is ProfileInput => i.kind === 'profile');
  const runRole = (i: number) => role(i, runs.length);
  const profileRole = (i: number) => role(i, profiles.length);
  const heading = (name: string, r: string | null) =>
    inputs.length > 1 ? `${r ? `${r}: ` : ''}${name}` : null;
  const comparisons: Comparison[][] = runs.map((r) => runComparisons(r.results));
  const highlights: string[] = [];
  const sections: ReportSectionDoc[] = [];
  const add = (id: ReportSection, blocks: (ReportBlock | null)[]) => {
    const kept = blocks.filter((b): b is ReportBlock => b !== null);
    if (wanted.has(id) && kept.length)
      sections.push({ id, title: SECTION_TITLES[id], blocks: kept });
  };

  const models = modelNames(inputs).map(
    (m) => `${path.basename(m.path)}${m.variants.length ? ` (${m.variants.join(', ')})` : ''}`,
  );
  if (models.length) highlights.push(`Models: ${models.join('; ')}.`);

  const sweetBlocks = runs.map((r, i) => {
    const made = sweetSpotBlock(
      r.results,
      `r${i + 1}`,
      options.budgetMs ?? null,
      heading(r.name, runRole(i)),
    );
    if (made?.headline)
      highlights.push(runs.length > 1 ? `${runRole(i)}: ${made.headline}` : made.headline);
    return made?.block ?? null;
  });
  runs.forEach((_run, i) => {
    for (const c of comparisons[i]!.slice(0, 4)) {
      const real = c.speedups.filter((s) => !s.within_noise);
      const prefix = `${runs.length > 1 ? `${runRole(i)}: ` : ''}${c.label}`;
      if (real.length === 0) {
        highlights.push(`${prefix}: every speedup is within noise.`);
        continue;
      }
      const best = real.reduce((a, b) => (b.speedup > a.speedup ? b : a));
      highlights.push(
        `${prefix}: up to ${describeRatio(best.speedup, best.ci, false)} at streams ${best.key.streams}, threads ${best.key.threads}, seq ${best.key.seq}; ${c.speedups.length - real.length} of ${c.speedups.length} within noise.`,
      );
    }
  });
  profiles.forEach((p, i) => {
    const top = hotspots(p.profile, 1)[0];
    if (top)
      highlights.push(
        `${profiles.length > 1 ? `${profileRole(i)}: ` : ''}${p.name}: top hotspot ${top.node.name} (${top.node.op_type}), ${(top.share * 100).toFixed(1)}% of node time.`,
      );
  });

  add('machine', [machineBlock(inputs)]);
  add('models', [modelsBlock(facts)]);
  add(
    'configs',
    runs.map((r, i) => configsBlock(r, `r${i + 1}`, heading(r.name, runRole(i)))),
  );
  add(
    'results',
    runs.map((r, i) => resultsBlock(r, `r${i + 1}`, heading(r.name, runRole(i)))),
  );
  add(
    'speedups',
    runs.flatMap((r, i) =>
      comparisons[i]!.map((c, k) => {
        const b = comparisonBlock(c, `r${i + 1}-c${k + 1}`, r.results);
        return runs.length > 1 ? { ...b, title: `${runRole(i)}: ${b.title}` } : b;
      }),
    ),
  );
  add('sweet-spot', sweetBlocks);
  add(
    'noise',
    runs.map((r, i) => noiseBlock(r, `r${i + 1}`, heading(r.name, runRole(i)), comparisons[i]!)),
  );
  add(
    'hotspots',
    profiles.map((p, i) => hotspotsBlock(p, `p${i + 1}`, heading(p.name, profileRole(i)))),
  );
  add('compare', [
    ...runs.slice(1).map((b, i) => compareRunsBlock(runs[0]!, b, `r1-r${i + 2}`)),
    ...profiles.slice(1).map((b, i) => profileDeltaBlock(profiles[0]!, b, `p1-p${i + 2}`)),
  ]);
  add(
    'measurements',
    runs.map((r, i) => measurementsBlock(r, `r${i + 1}`, heading(r.name, runRole(i)))),
  );
  add('notes', [notesBlock(inputs, options.notes ?? null)]);

  const title =
    options.title?.trim() ||
    `SparseScope report: ${inputs.map((i) => i.name).join(' vs ') || 'no inputs'}`;
  return reportDocumentSchema.parse({
    version: REPORT_DOCUMENT_VERSION,
    kind: 'sparsescope-report',
    title,
    generated_at: options.generatedAt ?? new Date().toISOString(),
    generator: { sparsescope_version: appVersion(), node: process.versions.node },
    inputs: [
      ...runs.map((r, i) => describeInput(r, runRole(i))),
      ...profiles.map((p, i) => describeInput(p, profileRole(i))),
    ],
    budget_ms: options.budgetMs ?? null,
    notes: options.notes?.trim() || null,
    highlights,
    sections,
  } satisfies ReportDocument);
}

/** Collect the model facts the sections need (only when the models section is wanted) and build. */
export async function makeReport(
  inputs: readonly ReportInput[],
  options: ReportOptions = {},
): Promise<ReportDocument> {
  const wanted = options.sections ?? REPORT_SECTIONS;
  const facts =
    wanted.includes('models') || wanted.length === REPORT_SECTIONS.length
      ? await collectModelFacts(inputs, options.mayReadModel)
      : [];
  return buildReport(inputs, facts, options);
}
