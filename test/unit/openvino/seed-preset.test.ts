import { describe, expect, it } from 'vitest';
import type { EngineInfo, ModelEntry } from '../../../core/api/contract';
import type { BenchResult } from '../../../core/api/schemas/bench-result';
import { sweepConfigSchema } from '../../../core/api/schemas/sweep-config';
import { QUICK_START_RECIPES, seedExperimentConfig } from '../../../core/host/quick-start';
import { sparseWeightNotes } from '../../../core/views/sparse-weight-notes';
import { pairChoices } from '../../../core/views/pairs';

const engine = (id: EngineInfo['id'], available: boolean): EngineInfo => ({
  id,
  name: id,
  version: null,
  available,
  note: available ? null : 'Run `npm run setup:openvino`.',
});
const model = { path: '/ws/models/sparse80-int8.onnx' } as ModelEntry;

describe('the seed experiment preset', () => {
  it('reproduces the notebook: dense vs sparse config (0.75) on one model, seq 16/64/160', () => {
    const c = seedExperimentConfig(
      [model],
      [engine('ort', true), engine('builtin', true), engine('openvino', true)],
      8,
    );
    expect(sweepConfigSchema.parse(c)).toBeTruthy();
    expect(c.variants).toEqual([
      { label: 'dense-config', model: model.path },
      { label: 'sparse-config', model: model.path, overrides: { sparse_rate: 0.75 } },
    ]);
    expect(c.engines).toEqual(['openvino', 'builtin']);
    expect([c.streams, c.threads, c.seq]).toEqual([[4], [4], [16, 64, 160]]);
    expect(QUICK_START_RECIPES.seed.models[0]!.request).toEqual({
      preset: 'mini',
      sparsity: 0.8,
      precision: 'int8-qdq',
    });
  });

  it("adapts streams and threads to this machine's cores, and leaves out a missing OpenVINO", () => {
    const c = seedExperimentConfig(
      [model],
      [engine('builtin', true), engine('openvino', false)],
      2,
    );
    expect([c.streams, c.threads, c.engines]).toEqual([[2], [2], ['builtin']]);
  });
});

describe('sparse-weight notes beside a speedup', () => {
  const result = (variant: string, engineId: string, note: string | null): BenchResult =>
    ({
      engine: engineId,
      model: { path: null, sha256: null, variant },
      engine_details: note
        ? {
            device: null,
            requested: {},
            compiled: {},
            sparse_weights: { rate: 0.75, layers: 24, applied: 0, primitives: [], note },
          }
        : undefined,
    }) as unknown as BenchResult;

  it("shows the engine's verdict for the variants the speedup compares", () => {
    const results = [
      result('dense-config', 'openvino', null),
      result('sparse-config', 'openvino', 'not applied: this CPU lacks AMX'),
      result('sparse-config', 'builtin', null),
    ];
    const pair = pairChoices(results).find((p) => p.id === 'variant:sparse-config:dense-config')!;
    expect(sparseWeightNotes(results, pair, 'openvino')).toEqual([
      { variant: 'sparse-config', engine: 'openvino', note: 'not applied: this CPU lacks AMX' },
    ]);
    expect(sparseWeightNotes(results, pair, 'builtin')).toEqual([]);
    expect(sparseWeightNotes(results, null, 'openvino')).toEqual([]);
  });
});
