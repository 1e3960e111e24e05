import path from 'node:path';
import type { BenchResult } from '../../api/schemas/bench-result';
import type { MachineInfo } from '../../api/schemas/machine-info';
import type { CellValue, ReportBlock } from '../../api/schemas/report';
import { compareRuns } from '../../views/compare-runs';
import type { ReportInput, RunInput } from '../inputs';
import type { ModelFacts } from '../model-facts';
import { block, makeTable } from '../table';

function machinesOf(input: ReportInput): MachineInfo[] {
  if (input.kind === 'profile') return input.profile.machine ? [input.profile.machine] : [];
  return input.results.flatMap((r) => (r.machine ? [r.machine] : []));
}

/** The machines the inputs were measured on, and the engines and software that measured them. */
export function machineBlock(inputs: readonly ReportInput[]): ReportBlock {
  const machines = new Map<string, { m: MachineInfo; inputs: Set<string> }>();
  for (const input of inputs)
    for (const m of machinesOf(input)) {
      const key = JSON.stringify(m);
      const entry = machines.get(key) ?? { m, inputs: new Set<string>() };
      entry.inputs.add(input.name);
      machines.set(key, entry);
    }
  const engines = new Map<string, { row: CellValue[]; n: number }>();
  for (const input of inputs) {
    const runs: Array<
      Pick<BenchResult, 'engine' | 'engine_version' | 'source'> & { sv: string | null }
    > =
      input.kind === 'profile'
        ? [
            {
              engine: input.profile.engine,
              engine_version: input.profile.engine_version,
              source: 'sparsescope',
              sv: null,
            },
          ]
        : input.results.map((r) => ({ ...r, sv: r.sparsescope_version }));
    for (const r of runs) {
      const key = JSON.stringify([input.name, r.engine, r.engine_version, r.sv, r.source]);
      const e = engines.get(key);
      if (e) e.n++;
      else
        engines.set(key, {
          row: [
            input.name,
            r.engine,
            r.engine_version,
            r.sv,
            input.kind === 'profile' ? input.profile.source : r.source,
          ],
          n: 1,
        });
    }
  }
  const paragraphs: string[] = [];
  if (machines.size === 0)
    paragraphs.push('The inputs do not record the machine they were measured on.');
  if (machines.size > 1)
    paragraphs.push(
      `The inputs were measured on ${machines.size} different machines (or machine states): compare their figures with care.`,
    );
  const machineTable = makeTable(
    'machine',
    'Machine',
    [
      ['cpu_model', 'CPU', 'text'],
      ['logical_cores', 'logical cores', 'int'],
      ['physical_cores', 'physical cores', 'int'],
      ['arch', 'arch', 'text'],
      ['isa_flags', 'ISA flags', 'text'],
      ['memory_bytes', 'memory', 'bytes'],
      ['os', 'OS', 'text'],
      ['node', 'Node', 'text'],
      ['v8', 'V8', 'text'],
      ['electron', 'Electron', 'text'],
      ['chrome', 'Chrome', 'text'],
      ['inputs', 'measured', 'text'],
    ],
    [...machines.values()].map(({ m, inputs: names }) => [
      m.cpuModel,
      m.logicalCores,
      m.physicalCores,
      m.arch,
      m.isaFlags.join(' '),
      m.totalMemoryBytes,
      `${m.os.platform} ${m.os.release}`,
      m.versions.node,
      m.versions.v8,
      m.versions.electron,
      m.versions.chrome,
      [...names].join(', '),
    ]),
  );
  return block(null, {
    paragraphs,
    tables: [
      ...(machines.size ? [machineTable] : []),
      makeTable(
        'software',
        'Engines and software',
        [
          ['input', 'input', 'text'],
          ['engine', 'engine', 'text'],
          ['engine_version', 'engine version', 'text'],
          ['sparsescope_version', 'SparseScope version', 'text'],
          ['source', 'source', 'text'],
          ['results', 'results', 'int'],
        ],
        [...engines.values()].map((e) => [...e.row, e.n]),
      ),
    ],
  });
}

/** The models measured: file facts through core/model's modelInfo, when the file is still there. */
export function modelsBlock(facts: readonly ModelFacts[]): ReportBlock | null {
  if (facts.length === 0) return null;
  const present = facts.filter((f) => f.info);
  const paragraphs = facts.filter((f) => f.problem).map((f) => `${f.path}: ${f.problem}.`);
  for (const f of present)
    if (f.recordedSha256.length && f.sha256 && !f.recordedSha256.includes(f.sha256))
      paragraphs.push(
        `${f.path}: the file has changed since it was measured (its sha256 differs from the one the results recorded); the facts below are of the file as it is now.`,
      );
  const tables = [
    makeTable(
      'models',
      'Models',
      [
        ['model', 'model', 'text'],
        ['variants', 'variants', 'text'],
        ['path', 'path', 'text'],
        ['present', 'file present', 'bool'],
        ['sha256', 'sha256', 'text'],
        ['size_bytes', 'size', 'bytes'],
        ['nodes', 'nodes', 'int'],
        ['parameters', 'parameters', 'int'],
        ['parameter_bytes', 'parameter bytes', 'bytes'],
        ['linear_weights', 'linear weights', 'int'],
        ['linear_sparsity', 'linear-weight sparsity', 'share'],
        ['flops', 'FLOPs / iteration (first shape)', 'flops'],
        ['flops_shape', 'at batch × seq', 'text'],
      ],
      facts.map((f) => [
        path.basename(f.path),
        f.variants.join(', '),
        f.path,
        f.info !== null,
        f.sha256 ?? f.recordedSha256[0] ?? null,
        f.sizeBytes,
        f.info?.nodeCount ?? null,
        f.info?.parameters.count ?? null,
        f.info?.parameters.bytes ?? null,
        f.info?.linearWeights.length ?? null,
        f.info?.linearSparsity ?? null,
        f.info?.flops.total ?? null,
        f.info ? `${f.info.flops.batch} × ${f.info.flops.seq}` : null,
      ]),
      'Sparsity: the element-weighted fraction of zeros over all linear (MatMul/Gemm) weights. FLOPs: 2·M·K·N over MatMul-like nodes.',
    ),
  ];
  if (present.length) {
    tables.push(
      makeTable(
        'model-flops',
        'FLOPs per iteration at each measured shape',
        [
          ['model', 'model', 'text'],
          ['batch', 'batch', 'int'],
          ['seq', 'seq', 'int'],
          ['linear_flops', 'linear', 'flops'],
          ['attention_flops', 'attention', 'flops'],
          ['total_flops', 'total', 'flops'],
        ],
        present.flatMap((f) =>
          f.flops.map((x) => [
            path.basename(f.path),
            x.batch,
            x.seq,
            x.info.linear,
            x.info.attention,
            x.info.total,
          ]),
        ),
      ),
      makeTable(
        'linear-weights',
        'Sparsity per linear weight',
        [
          ['model', 'model', 'text'],
          ['node', 'node', 'text'],
          ['op_type', 'op', 'text'],
          ['weight', 'weight', 'text'],
          ['dtype', 'dtype', 'text'],
          ['shape', 'shape', 'text'],
          ['elements', 'elements', 'int'],
          ['sparsity', 'sparsity', 'share'],
          ['quantized', 'quantized', 'bool'],
        ],
        present.flatMap((f) =>
          f.info!.linearWeights.map((w) => [
            path.basename(f.path),
            w.node,
            w.opType,
            w.weight,
            w.dtype,
            `[${w.shape.join(', ')}]`,
            w.elements,
            w.sparsity,
            w.quantized,
          ]),
        ),
      ),
    );
  }
  return block(null, { paragraphs, tables });
}

/** A/B compare of two runs per configuration (`compareRuns`, as the Results page's compare table). */
export function compareRunsBlock(a: RunInput, b: RunInput, tag: string): ReportBlock {
  const rows = compareRuns(a.results, b.results);
  return block(`${a.name} (A) vs ${b.name} (B)`, {
    paragraphs: [
      'Median throughput of each run per configuration; the runs were not paired, so the 95% interval of B / A is Welch’s t on the log throughputs. Within noise: the interval contains 1.0, or either side has fewer than 3 repeats.',
    ],
    tables: [
      makeTable(
        `${tag}-compare`,
        'A/B compare',
        [
          ['point', 'configuration', 'text'],
          ['a_fps', 'A FPS', 'fps'],
          ['b_fps', 'B FPS', 'fps'],
          ['delta', 'B vs A', 'share'],
          ['ci_low', 'B / A 95% CI low', 'ratio'],
          ['ci_high', 'B / A 95% CI high', 'ratio'],
          ['within_noise', 'within noise', 'bool'],
        ],
        rows.map((r) => [
          r.id,
          r.aFps,
          r.bFps,
          r.delta,
          r.ci?.low ?? null,
          r.ci?.high ?? null,
          r.withinNoise,
        ]),
        null,
        rows.map((r) => [null, null, null, r.withinNoise ? 'noise' : null, null, null, null]),
      ),
    ],
  });
}

/** The author's notes, and what the results and profiles themselves note (engines ignoring a knob …). */
export function notesBlock(
  inputs: readonly ReportInput[],
  notes: string | null,
): ReportBlock | null {
  const paragraphs: string[] = [];
  if (notes?.trim()) paragraphs.push(...notes.trim().split(/\n\s*\n/));
  const counts = new Map<string, number>();
  for (const input of inputs) {
    const list =
      input.kind === 'profile' ? input.profile.notes : input.results.flatMap((r) => r.notes);
    for (const n of list)
      counts.set(`${input.name}: ${n}`, (counts.get(`${input.name}: ${n}`) ?? 0) + 1);
    if (input.kind === 'sweep' && input.cellProfiles > 0)
      paragraphs.push(
        `${input.name}: the sweep stored ${input.cellProfiles} cell profile(s) beside results.jsonl; add them as inputs to report their hotspots.`,
      );
  }
  for (const [n, c] of counts) paragraphs.push(c > 1 ? `${n} (${c} results)` : n);
  return paragraphs.length ? block(null, { paragraphs }) : null;
}
