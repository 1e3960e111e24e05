import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from '../api/contract';
import { MODEL_PRECISIONS, MODEL_PRESETS, PRUNE_SCOPES, QUANTIZE_MODES } from '../api/names';

const path = z.string().min(1).max(4096);
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a run id');

/** Parameter schemas per method: every call is validated before a handler sees it. */
export const PARAMS: { [M in MethodName]: z.ZodType } = {
  getAppInfo: z.tuple([]),
  listModels: z.tuple([]),
  openModel: z.tuple([path]),
  generateModel: z.tuple([
    z.strictObject({
      preset: z.enum(MODEL_PRESETS),
      sparsity: z.number().min(0).max(0.99),
      precision: z.enum(MODEL_PRECISIONS),
      seed: z.number().int().min(0).max(4294967295).optional(),
    }),
  ]),
  createVariant: z.tuple([
    z.string().min(1).max(100),
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('prune'),
        sparsity: z.number().min(0).max(0.99),
        scope: z.enum(PRUNE_SCOPES),
      }),
      z.strictObject({ kind: z.literal('quantize'), mode: z.enum(QUANTIZE_MODES) }),
    ]),
  ]),
  quickStart: z.tuple([]),
  modelInfo: z.tuple([z.string().min(1).max(100), z.number().int().min(1).max(65536)]),
  listDirectory: z.tuple([path.nullable()]),
  // The sweep config is validated by its own schema (core/config) with file-style messages.
  startSweep: z.tuple([z.unknown()]),
  cancelSweep: z.tuple([runId]),
  resumeSweep: z.tuple([runId]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  deleteRun: z.tuple([runId]),
  importRuns: z.tuple([z.array(path).min(1).max(100)]),
};

export const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.string().min(1).max(100),
  method: z.enum(METHOD_NAMES),
  params: z.array(z.unknown()).max(16),
});
