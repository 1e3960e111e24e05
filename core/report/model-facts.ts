import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ModelInfo } from '../api/model-info';
import { UserError } from '../api/errors';
import { modelInfo } from '../model/model-info';
import { openModelFile } from '../model/registry';
import type { ReportInput } from './inputs';

/** A model a report's inputs measured, and what its file says today (if it is still there). */
export interface ModelFacts {
  path: string;
  /** Variant labels it was measured as. */
  variants: string[];
  /** sha256 the results recorded (distinct; empty when none did). */
  recordedSha256: string[];
  /** sha256 of the file now; null when it is gone or unreadable. */
  sha256: string | null;
  sizeBytes: number | null;
  /** Why the facts are missing (file gone, unreadable); null when they are here. */
  problem: string | null;
  /** Structure, parameters and per-linear-weight sparsity (FLOPs at the first measured seq). */
  info: ModelInfo | null;
  /** FLOPs per iteration at each measured (batch, seq). */
  flops: Array<{ batch: number; seq: number; info: ModelInfo['flops'] }>;
}

/** FLOPs are counted at most at this many (batch, seq) shapes per model. */
const MAX_SHAPES = 64;

interface Use {
  variant: string | null;
  sha256: string | null;
  batch: number | null;
  seq: number | null;
}

/** Every model path the inputs name, with how it was measured. */
export function modelUses(inputs: readonly ReportInput[]): Map<string, Use[]> {
  const uses = new Map<string, Use[]>();
  const add = (p: string | null, u: Use) => {
    if (!p) return;
    const list = uses.get(p) ?? [];
    list.push(u);
    uses.set(p, list);
  };
  for (const input of inputs) {
    if (input.kind === 'profile') {
      const p = input.profile;
      add(p.model.path, {
        variant: p.model.variant,
        sha256: p.model.sha256,
        batch: p.config.batch,
        seq: p.config.seq,
      });
      continue;
    }
    if (input.kind === 'sweep')
      for (const v of input.config.variants)
        add(v.model, { variant: v.label, sha256: null, batch: null, seq: null });
    for (const r of input.results)
      add(r.model.path, {
        variant: r.model.variant,
        sha256: r.model.sha256,
        batch: r.config.batch,
        seq: r.config.seq,
      });
  }
  return uses;
}

/** The models the inputs name and the variants they were measured as, without reading the files. */
export function modelNames(
  inputs: readonly ReportInput[],
): Array<{ path: string; variants: string[] }> {
  return [...modelUses(inputs)].map(([file, uses]) => ({
    path: file,
    variants: [...new Set(uses.flatMap((u) => (u.variant === null ? [] : [u.variant])))],
  }));
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

type FileFacts = Pick<ModelFacts, 'sha256' | 'sizeBytes' | 'info' | 'flops'>;

/**
 * What a model file says, remembered per file state (size, mtime) and shapes: the Export
 * dialog's preview rebuilds the report on every change, and a large model takes seconds to
 * parse and hash.
 */
const factsCache = new Map<string, FileFacts>();
const CACHE_ENTRIES = 16;

async function fileFacts(
  file: string,
  shapes: Array<{ batch: number; seq: number }>,
): Promise<FileFacts> {
  const st = statSync(file);
  const key = JSON.stringify([file, st.size, st.mtimeMs, shapes]);
  const cached = factsCache.get(key);
  if (cached) return cached;
  const model = await openModelFile(file);
  const first = shapes[0] ?? { batch: 1, seq: 128 };
  const info = modelInfo(model, first);
  const facts: FileFacts = {
    sha256: await sha256Of(file),
    sizeBytes: st.size,
    info,
    flops: shapes.map((s) => ({
      ...s,
      info: s === first ? info.flops : modelInfo(model, s).flops,
    })),
  };
  if (factsCache.size >= CACHE_ENTRIES) factsCache.delete(factsCache.keys().next().value!);
  factsCache.set(key, facts);
  return facts;
}

/**
 * Model facts via core/model's `modelInfo` — only from files that are still there; a file
 * that is gone or cannot be read is listed with the reason instead.
 */
export async function collectModelFacts(
  inputs: readonly ReportInput[],
  mayRead: (file: string) => boolean = () => true,
): Promise<ModelFacts[]> {
  const out: ModelFacts[] = [];
  for (const [file, uses] of modelUses(inputs)) {
    const distinct = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))];
    const shapes = [
      ...new Map(
        uses
          .filter((u) => u.seq !== null)
          .map((u) => [`${u.batch ?? 1}x${u.seq}`, { batch: u.batch ?? 1, seq: u.seq! }]),
      ).values(),
    ]
      .sort((a, b) => a.batch - b.batch || a.seq - b.seq)
      .slice(0, MAX_SHAPES);
    const base: ModelFacts = {
      path: file,
      variants: distinct(uses.map((u) => u.variant)),
      recordedSha256: distinct(uses.map((u) => u.sha256)),
      sha256: null,
      sizeBytes: null,
      problem: null,
      info: null,
      flops: [],
    };
    if (!mayRead(file)) {
      out.push({
        ...base,
        problem:
          'the model file is outside the folders this host may read; its facts are not shown',
      });
      continue;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      out.push({ ...base, problem: 'the model file is no longer there; its facts are not shown' });
      continue;
    }
    try {
      out.push({ ...base, ...(await fileFacts(file, shapes)) });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out.push({ ...base, problem: `the model file cannot be read: ${err.message}` });
    }
  }
  return out;
}
