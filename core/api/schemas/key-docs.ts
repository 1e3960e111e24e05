import type { z } from 'zod';

/**
 * What every key of a config file says about itself, in its JSON Schema (the Config editor's
 * hover and form, and `sparsescope config schema`). The pieces are kept apart (`x-range`,
 * `x-default`, `x-benchmark-app`) for programs, and joined into `description` for people,
 * because JSON Schema tools show only the description.
 */
export interface KeyDoc {
  /** One or two sentences: what the key does. */
  text: string;
  /** The values accepted, in words: "1–4096", "async or sync". */
  range: string;
  /** What applies when the key is absent, in words ("required" when it cannot be). */
  default: string;
  /** The benchmark_app flag or property with the same meaning, or "none" with why. */
  benchmarkApp: string;
  /** Shown in the editor's form view (the common fields). */
  form?: boolean;
}

/** The JSON Schema annotations of a key (also usable as zod `.meta()`). */
export function keyMeta(doc: KeyDoc): Record<string, unknown> {
  return {
    description: `${doc.text} Range: ${doc.range}. Default: ${doc.default}. benchmark_app: ${doc.benchmarkApp}.`,
    'x-range': doc.range,
    'x-default': doc.default,
    'x-benchmark-app': doc.benchmarkApp,
    ...(doc.form ? { 'x-form': true } : {}),
  };
}

/** A schema with its key documentation attached. */
export function documented<T extends z.ZodType>(schema: T, doc: KeyDoc): T {
  return schema.meta(keyMeta(doc)) as T;
}

/** A range for the docs from the one limit: "1–1,024". */
export function upTo(max: number, min = 1): string {
  return `${min}–${max.toLocaleString('en')}`;
}
