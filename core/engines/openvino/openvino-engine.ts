import { UserError } from '../../api/errors';
import type { Engine, EngineBenchRequest, MeasuredRun, Session, SessionOptions } from '../engine';
import { asText, benchConfig } from './ov-config';
import { OpenvinoSession } from './openvino-session';
import { openvinoStatus, type OpenvinoStatus } from './python';
import { sparseWeights } from './sparse-weights';
import { OvWorker } from './worker-client';
import {
  benchReply,
  compileReply,
  encodeFeeds,
  layerCounters,
  parseReply,
  runtimeNodes,
} from './wire';

/**
 * OpenVINO Runtime (PyPI `openvino`) driven out of process by ov-worker.py. A benchmark is
 * one worker process that compiles the model with OpenVINO's own streams and measures it
 * with benchmark_app's loop (see README.md); sessions (compare, verify) are one worker each.
 * A worker that dies, hangs or prints garbage fails only the run it serves.
 */

function available(): OpenvinoStatus & { python: string } {
  const status = openvinoStatus();
  if (!status.available || status.python === null) {
    throw new UserError(
      'EngineUnavailable',
      `The openvino engine is not available: ${status.reason ?? 'OpenVINO was not found.'}`,
    );
  }
  return status as OpenvinoStatus & { python: string };
}

/** Time left before the run's overall deadline, for each request to the worker. */
function deadline(timeoutMs: number): () => number {
  const until = Date.now() + timeoutMs;
  return () => Math.max(1, until - Date.now());
}

async function benchmark(r: EngineBenchRequest): Promise<MeasuredRun> {
  const status = available();
  const worker = new OvWorker(status.python);
  const left = deadline(r.timeoutMs);
  const opts = (): { timeoutMs: number; signal?: AbortSignal } =>
    r.signal ? { timeoutMs: left(), signal: r.signal } : { timeoutMs: left() };
  try {
    const config = benchConfig(r);
    const shapes: Record<string, number[]> = {};
    for (const [name, t] of Object.entries(r.feeds)) shapes[name] = t.dims;
    const compiled = parseReply(
      compileReply,
      await worker.request(
        'compile',
        { model: r.modelPath, config, shapes, data_shape: r.dataShape },
        opts(),
      ),
      'compile',
    );
    const bench = parseReply(
      benchReply,
      await worker.request(
        'bench',
        {
          feeds: encodeFeeds(r.feeds),
          api: r.api,
          nireq: r.api === 'sync' ? 1 : r.nireq,
          time_s: r.timeS,
          niter: r.niter,
          warmup: r.warmup,
        },
        opts(),
      ),
      'bench',
    );
    // Read after the run: with dynamic shapes the primitives are chosen at inference time.
    const xml = r.perfCounters ? (r.execGraphPath ?? null) : null;
    const graph = runtimeNodes(await worker.request('runtime', { xml }, opts()));
    const counters = r.perfCounters
      ? layerCounters(await worker.request('counters', {}, opts()))
      : null;
    const sparse = sparseWeights(graph, r.sparseRate, r.isaFlags);
    return {
      count: bench.count,
      durationMs: bench.duration_ms,
      latencies: Float64Array.from(bench.latencies_ms),
      firstMs: bench.first_ms,
      loadMs: compiled.read_ms + compiled.compile_ms,
      peakRssBytes: bench.peak_rss_bytes,
      notes: runNotes(r, compiled.properties, bench, sparse?.note ?? null),
      engineVersion: status.version ?? 'unknown',
      details: {
        device: status.deviceName,
        requested: asText(config),
        compiled: compiled.properties,
        sparse_weights: sparse,
      },
      ...(counters ? { profile: { counters, runtimeGraph: graph, runtimeGraphXml: xml } } : {}),
    };
  } finally {
    await worker.close();
  }
}

/** What a reader of the result must know about how OpenVINO ran it. */
function runNotes(
  r: EngineBenchRequest,
  compiled: Record<string, string>,
  bench: { niter: number | null; nireq: number },
  sparseNote: string | null,
): string[] {
  const notes: string[] = [];
  if (sparseNote) notes.push(`OpenVINO sparse weight decompression ${sparseNote}`);
  const got = (key: string): string | undefined => compiled[key];
  if (got('NUM_STREAMS') !== undefined && got('NUM_STREAMS') !== String(r.streams)) {
    notes.push(`OpenVINO compiled NUM_STREAMS ${got('NUM_STREAMS')} (asked ${r.streams})`);
  }
  const threads = got('INFERENCE_NUM_THREADS');
  if (threads !== undefined && threads !== '0' && threads !== String(r.threads)) {
    notes.push(`OpenVINO compiled INFERENCE_NUM_THREADS ${threads} (asked ${r.threads})`);
  }
  const precision = got('INFERENCE_PRECISION_HINT');
  if (precision && precision !== 'f32' && !('INFERENCE_PRECISION_HINT' in r.properties)) {
    notes.push(
      `OpenVINO ran with INFERENCE_PRECISION_HINT ${precision}, its default on this CPU; set INFERENCE_PRECISION_HINT f32 in a -load_config file to keep FP32`,
    );
  }
  if (r.niter !== null && bench.niter !== null && bench.niter !== r.niter) {
    notes.push(
      `niter ${r.niter} aligned up to ${bench.niter}, a multiple of nireq ${bench.nireq}, as benchmark_app does`,
    );
  }
  const passed = Object.keys(r.properties);
  if (passed.length) {
    notes.push(
      `passed to OpenVINO as given: ${passed.map((k) => `${k}=${String(r.properties[k])}`).join(', ')}`,
    );
  }
  if (r.dataShape) notes.push('model kept dynamic; each request gets the data shape (-data_shape)');
  notes.push("OpenVINO runs in its own worker process: peak RSS is that process's");
  return notes;
}

export const openvinoEngine: Engine = {
  id: 'openvino',
  get version(): string {
    return openvinoStatus().version ?? 'unavailable';
  },
  async load(modelPath: string, options: SessionOptions): Promise<Session> {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new UserError('RunFailed', `threads must be an integer ≥ 1, got ${options.threads}.`);
    }
    return OpenvinoSession.open(available().python, modelPath, options);
  },
  benchmark,
};
