/**
 * How large a run may be, checked the same in the CLI, the API, sweep configs and the
 * harness, before anything is allocated or spawned. Each limit is far above what a CPU
 * benchmark needs and far below what would take the machine down.
 */
export const RUN_LIMITS = {
  streams: 256,
  threads: 1024,
  nireq: 1024,
  batch: 65_536,
  seq: 65_536,
  warmup: 100_000,
  niter: 1_000_000_000,
  /** Seconds of one run. */
  timeS: 86_400,
  /** All input tensors of one run together, in bytes. */
  feedBytes: 2 ** 30,
  /** Cells of one sweep (grid points × repeats). */
  sweepCells: 100_000,
  /** Values in one list of a sweep config (e.g. sequence lengths). */
  sweepListLength: 1_000,
} as const;
