import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { BugError, UserError } from '../../api/errors';
import type { DType } from '../../model/graph';
import type { Engine, HostTensor, Session, SessionOptions, SessionProfile } from '../engine';
import { ortFailure } from './ort-errors';

type OrtModule = typeof Ort;
type OrtType = Ort.Tensor.Type;

const require = createRequire(import.meta.url);
let ortModule: OrtModule | undefined;

/** Load the native binding on first use, so importing this file costs nothing. */
function ort(): OrtModule {
  if (ortModule) return ortModule;
  try {
    ortModule = require('onnxruntime-node') as OrtModule;
  } catch (err) {
    throw new UserError(
      'EngineUnavailable',
      'The ort engine is not available: onnxruntime-node failed to load.',
      (err as Error).message,
    );
  }
  return ortModule;
}

/** Our dtype names → ORT's, for the types ORT's JS API can carry. */
const TO_ORT: Partial<Record<DType, OrtType>> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
  int4: 'int4',
  uint4: 'uint4',
};

/** ORT's type names are ours for every type it has; only the direction needs checking. */
function fromOrtType(type: OrtType): DType {
  return type as DType;
}

/** Where a profiling session saves the optimized model, beside its profile JSON. */
const OPTIMIZED_MODEL = 'optimized.onnx';

export const ORT_SPARSE_NOTE = 'onnxruntime ignores sparse_rate (no sparse-weight kernels)';

/** An ORT session for one stream, with per-feed tensor reuse to keep run() overhead tiny. */
export class OrtSession implements Session {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly notes: string[];
  /** Feeds are usually the same objects every iteration: wrap each one once. */
  private readonly wrapped = new WeakMap<
    HostTensor,
    { data: HostTensor['data']; dims: number[]; tensor: Ort.Tensor }
  >();

  constructor(
    private readonly session: Ort.InferenceSession,
    notes: string[],
    private readonly profilePrefix: string | null,
    private readonly modelPath: string,
  ) {
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    this.notes = notes;
  }

  /** Input names with ORT's view of their type and shape (symbolic dims as strings). */
  get inputMetadata(): readonly Ort.InferenceSession.ValueMetadata[] {
    return this.session.inputMetadata;
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const name in feeds) ortFeeds[name] = this.toOrt(name, feeds[name]!);
    let results: Ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(ortFeeds);
    } catch (err) {
      throw ortFailure(err, 'run', this.modelPath);
    }
    const out: Record<string, HostTensor> = {};
    for (const name in results) {
      const t = results[name]!;
      out[name] = {
        dtype: fromOrtType(t.type),
        dims: [...t.dims],
        data: t.data as HostTensor['data'],
      };
    }
    return out;
  }

  /**
   * Stop profiling: the absolute path of ORT's profile JSON and of the optimized model ORT ran
   * (its runtime graph). Only sessions loaded with `profile: true` have them; ORT's profiler
   * covers every run since load, warm-up included (its events say which run they belong to).
   */
  async endProfiling(): Promise<SessionProfile> {
    if (this.profilePrefix === null) {
      throw new BugError(
        'InternalError',
        'endProfiling() on an ORT session loaded without profiling',
      );
    }
    // onnxruntime-node writes the file but does not return its name; it is the one file in
    // the session's private folder.
    this.session.endProfiling();
    const dir = path.dirname(this.profilePrefix);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (files.length === 0) throw new UserError('RunFailed', `ORT wrote no profile in ${dir}.`);
    const optimized = path.join(dir, OPTIMIZED_MODEL);
    return {
      engine: 'ort',
      runs: 0,
      nodes: [],
      file: { format: 'ort-json', path: path.join(dir, files.sort().at(-1)!) },
      runtimeGraph: existsSync(optimized) ? { format: 'onnx', path: optimized } : null,
    };
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private toOrt(name: string, t: HostTensor): Ort.Tensor {
    // The ORT tensor shares the typed array, so in-place edits show through; a swapped array
    // or shape needs a new wrapper.
    const cached = this.wrapped.get(t);
    if (cached && cached.data === t.data && cached.dims === t.dims) return cached.tensor;
    const type = TO_ORT[t.dtype];
    if (type === undefined) {
      throw new UserError(
        'RunFailed',
        `Input "${name}" has dtype ${t.dtype}, which onnxruntime-node cannot take from JavaScript.`,
      );
    }
    const { Tensor } = ort();
    const tensor = new Tensor(type as 'float32', t.data as Float32Array, t.dims);
    this.wrapped.set(t, { data: t.data, dims: t.dims, tensor });
    return tensor;
  }
}

/** onnxruntime-node's version, or null when its binding does not load. */
export function ortVersion(): string | null {
  try {
    return ort().env.versions.node ?? ort().env.versions.common ?? null;
  } catch {
    return null;
  }
}

export const ortEngine: Engine = {
  id: 'ort',
  get version(): string {
    return ortVersion() ?? 'unavailable';
  },
  async load(modelPath: string, options: SessionOptions): Promise<Session> {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new UserError('RunFailed', `threads must be an integer ≥ 1, got ${options.threads}.`);
    }
    const notes: string[] = [];
    if (options.sparseRate !== undefined && options.sparseRate !== null) {
      notes.push(ORT_SPARSE_NOTE);
    }
    const profilePrefix = options.profile
      ? path.join(mkdtempSync(path.join(os.tmpdir(), 'sparsescope-ort-profile-')), 'ort')
      : null;
    const sessionOptions: Ort.InferenceSession.SessionOptions = {
      // One stream = one session on one worker; its threads are intra-op threads. Inter-op
      // parallelism would oversubscribe the cores the other streams own.
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      // Fatal only: ORT's reason for a failure reaches the user in our one-paragraph message;
      // its native logger would print it a second time, raw, on stderr.
      logSeverityLevel: 4,
      // Profiling also saves the optimized model: the runtime graph the profile's nodes name.
      ...(profilePrefix
        ? {
            enableProfiling: true,
            profileFilePrefix: profilePrefix,
            optimizedModelFilePath: path.join(path.dirname(profilePrefix), OPTIMIZED_MODEL),
          }
        : {}),
    };
    let session: Ort.InferenceSession;
    try {
      session = await ort().InferenceSession.create(modelPath, sessionOptions);
    } catch (err) {
      throw ortFailure(err, 'load', modelPath);
    }
    return new OrtSession(session, notes, profilePrefix, modelPath);
  },
};
