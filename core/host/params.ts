import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from '../api/contract';
import { PROFILE_EXPORT_FORMATS } from '../api/profile-api';
import {
  CONFIG_KINDS,
  ENGINE_IDS,
  MODEL_PRECISIONS,
  MODEL_PRESETS,
  PRUNE_SCOPES,
  QUANTIZE_MODES,
  QUICK_START_PRESETS,
  GRAPH_KINDS,
} from '../api/names';
import { RUN_LIMITS } from '../api/limits';
import { REPORT_FORMATS } from '../api/names';
import { reportRequestSchema } from '../api/schemas/report';
import { CONFIG_FILE_LIMITS } from '../config/load-sweep-config';

const path = z.string().min(1).max(4096);
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a run id');

// A config text larger than a config file may be is refused before it is parsed.
const configText = z.string().max(CONFIG_FILE_LIMITS.maxBytes);
const configRequest = z.strictObject({
  text: configText,
  kind: z.enum(CONFIG_KINDS).nullable(),
  path: path.nullable(),
});

/** Profile ids name files: "p-…" in the workspace, "sweep~RUN~CELL" for a sweep cell's. */
const profileId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,300}$/, 'a profile id');

const profileRequest = z.strictObject({
  model: z.union([z.strictObject({ id: z.string().min(1).max(100) }), z.strictObject({ path })]),
  engine: z.enum(ENGINE_IDS),
  seq: z.number().int().min(1).max(RUN_LIMITS.seq).optional(),
  batch: z.number().int().min(1).max(1024).optional(),
  threads: z.number().int().min(1).max(1024).optional(),
  streams: z.number().int().min(1).max(64).optional(),
  niter: z.number().int().min(1).max(100_000).optional(),
  warmup: z.number().int().min(0).max(1000).optional(),
  sparseRate: z.number().min(0).max(1).nullable().optional(),
  variant: z.string().max(100).nullable().optional(),
  jobId: z.string().min(1).max(100),
});

/** Profile methods' parameters (merged into PARAMS below). */
const PROFILE_PARAMS = {
  profile: z.tuple([profileRequest]),
  cancelProfile: z.tuple([z.string().min(1).max(100)]),
  importProfile: z.tuple([path]),
  listProfiles: z.tuple([]),
  getProfile: z.tuple([profileId]),
  deleteProfile: z.tuple([profileId]),
  exportProfile: z.tuple([profileId, z.enum(PROFILE_EXPORT_FORMATS)]),
};

/** Graph area methods' parameters (merged into PARAMS below). */
const modelId = z.string().min(1).max(100);
const GRAPH_PARAMS = {
  graphView: z.tuple([
    modelId,
    z.strictObject({ kind: z.enum(GRAPH_KINDS), profileId: profileId.nullable() }),
  ]),
  weightStats: z.tuple([modelId, z.string().min(1).max(4096), z.string().min(1).max(4096)]),
};

/** Report methods' parameters (merged into PARAMS below); the request schema is the stored one. */
const reportId = z.string().regex(/^r-[A-Za-z0-9-]{1,100}$/, 'a report id');
const REPORT_PARAMS = {
  previewReport: z.tuple([reportRequestSchema]),
  exportReport: z.tuple([reportRequestSchema, z.enum(REPORT_FORMATS)]),
  listReports: z.tuple([]),
  getReportFile: z.tuple([reportId]),
  deleteReport: z.tuple([reportId]),
};

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
  quickStart: z.tuple([z.enum(QUICK_START_PRESETS).optional()]),
  modelInfo: z.tuple([z.string().min(1).max(100), z.number().int().min(1).max(65536)]),
  listDirectory: z.tuple([path.nullable(), z.enum(['models', 'configs']).optional()]),
  // The sweep config is validated by its own schema (core/config) with file-style messages.
  startSweep: z.tuple([z.unknown()]),
  cancelSweep: z.tuple([runId]),
  resumeSweep: z.tuple([runId, z.strictObject({ rerunNoisy: z.boolean().optional() }).optional()]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  deleteRun: z.tuple([runId]),
  importRuns: z.tuple([z.array(path).min(1).max(100)]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([
    z.strictObject({
      theme: z.enum(['light', 'dark']).nullable().optional(),
      defaultEngine: z.enum(ENGINE_IDS).nullable().optional(),
      resultsFolder: path.nullable().optional(),
    }),
  ]),
  getConfigCatalog: z.tuple([]),
  checkConfig: z.tuple([configRequest]),
  readConfigFile: z.tuple([path]),
  writeConfigFile: z.tuple([path, configText]),
  ...PROFILE_PARAMS,
  ...GRAPH_PARAMS,
  ...REPORT_PARAMS,
  startConfigRun: z.tuple([
    configRequest.extend({
      bench: z
        .strictObject({
          model: path,
          engine: z.enum(ENGINE_IDS),
          seq: z.number().int().min(1).max(RUN_LIMITS.seq),
          time_s: z.number().positive().max(RUN_LIMITS.timeS),
        })
        .nullable(),
    }),
  ]),
};

export const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.string().min(1).max(100),
  method: z.enum(METHOD_NAMES),
  params: z.array(z.unknown()).max(16),
});
