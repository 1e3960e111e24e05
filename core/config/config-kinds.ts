import { z } from 'zod';
import { CONFIG_KIND_TITLES, type ConfigKind } from '../api/names';
import { benchmarkAppConfigSchema } from '../api/schemas/benchmark-app-config';
import { runConfigSchema } from '../api/schemas/run-config';
import { sweepConfigSchema } from '../api/schemas/sweep-config';

/** The three config kinds: their zod schemas, how each is recognised, and their JSON Schemas. */

export const CONFIG_SCHEMAS: Record<ConfigKind, z.ZodType> = {
  run: runConfigSchema,
  sweep: sweepConfigSchema,
  'benchmark-app': benchmarkAppConfigSchema,
};

/** What each kind looks like, for the message when a text is none of them. */
export const KIND_EXAMPLES = `a run config ({"version": 1, "model": "m.onnx", …}), a sweep config ({"version": 1, "variants": […], …}) or a benchmark_app config ({"CPU": {"NUM_STREAMS": "4"}})`;

/**
 * Which kind a parsed document is, from its shape: SparseScope's own files carry a version and
 * a "variants" list (sweep) or a "model" (run); benchmark_app's are an object of device objects
 * with no version. Null when it is none of them (not an object, or an object with other values).
 */
export function detectKind(doc: unknown): ConfigKind | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  if ('variants' in o) return 'sweep';
  if ('model' in o) return 'run';
  // Versioned but incomplete: a sweep is mostly lists, a run mostly single values.
  if ('version' in o) return Object.values(o).some(Array.isArray) ? 'sweep' : 'run';
  return Object.values(o).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
    ? 'benchmark-app'
    : null;
}

const cache = new Map<ConfigKind, Record<string, unknown>>();

/** The JSON Schema (draft 2020-12) of a kind, as `sparsescope config schema` prints it. */
export function configJsonSchema(kind: ConfigKind): Record<string, unknown> {
  let schema = cache.get(kind);
  if (!schema) {
    schema = {
      ...z.toJSONSchema(CONFIG_SCHEMAS[kind], { target: 'draft-2020-12', io: 'input' }),
      title: `SparseScope ${CONFIG_KIND_TITLES[kind]}`,
    };
    cache.set(kind, schema);
  }
  return schema;
}
