/**
 * Wire types of the profiling methods (contract.ts): what the Profile page asks for and gets
 * back. The profile itself travels as the file it is stored as (schemas/profile.ts).
 */
import type { EngineId, ProfileSource } from './names';

/** Run one profile: a model, an engine and a configuration. */
export interface ProfileRequest {
  /** The model, by its id in this workspace's model list or by a path on the host. */
  model: { id: string } | { path: string };
  engine: EngineId;
  /** Sequence length of every [batch, seq] input (default 128, or the model's positions). */
  seq?: number;
  batch?: number;
  /** Threads per stream (default 1). */
  threads?: number;
  /** Streams profiled side by side, each its own session (default 1). */
  streams?: number;
  /** Measured iterations per stream (default 30). */
  niter?: number;
  /** Warm-up iterations per stream, excluded (default 2). */
  warmup?: number;
  /** CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE (builtin): weights at least this sparse are packed sparse. */
  sparseRate?: number | null;
  /** Label stored with the profile, e.g. "dense" or "pruned-90". */
  variant?: string | null;
  /** Chosen by the client; `cancelProfile(jobId)` stops this run and progress events name it. */
  jobId: string;
}

/** A stored profile as listed on the Profile page. */
export interface ProfileSummary {
  /** Stable id in this workspace (getProfile, exportProfile, deleteProfile take it). */
  id: string;
  /** Short name: model file, engine, config. */
  name: string;
  source: ProfileSource;
  engine: string;
  /** Where it came from: measured from the Profile page or CLI, imported, or a sweep cell. */
  origin: 'measured' | 'imported' | 'sweep';
  /** The sweep run and cell it belongs to (origin 'sweep'), else null. */
  runId: string | null;
  cellId: string | null;
  modelPath: string | null;
  variant: string | null;
  /** ISO time measured or imported. */
  createdAt: string;
  nodeCount: number;
  iterations: number;
  nodeSumMs: number | null;
  latencyMedianMs: number | null;
}

/** File formats a profile exports to. */
export const PROFILE_EXPORT_FORMATS = [
  'chrome-trace',
  'counters-csv',
  'netron-metrics',
  'json',
] as const;
export type ProfileExportFormat = (typeof PROFILE_EXPORT_FORMATS)[number];

/** An exported profile: a file name people recognise and its text (the page saves it). */
export interface ProfileExport {
  fileName: string;
  mimeType: string;
  text: string;
}
