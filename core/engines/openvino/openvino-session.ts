import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostTensor, Session, SessionOptions, SessionProfile } from '../engine';
import { nodeTimings } from './profile-nodes';
import { sessionConfig } from './ov-config';
import { OvWorker } from './worker-client';
import {
  compileReply,
  decodeTensor,
  encodeFeeds,
  inferReply,
  parseReply,
  runtimeNodes,
  runCounters,
} from './wire';

/** Compile and inference may take long on big models; a hung worker is stopped after this. */
const OP_TIMEOUT_MS = 300_000;

export const SESSION_IPC_NOTE =
  'openvino sessions run in a worker process: each run() includes sending inputs and outputs over a pipe, so its end-to-end time is above OpenVINO’s own (benchmarks measure inside the worker)';

export const SESSION_PRECISION_NOTE =
  'openvino session compiled with INFERENCE_PRECISION_HINT f32, so outputs compare with the other engines (benchmarks use OpenVINO’s default precision)';

/**
 * A compiled model in its own OpenVINO worker, for compare, verify and profiling: one
 * stream, dynamic shapes (each run's feeds give the shapes), FP32 inference precision.
 * Benchmarks do not use it: the engine's benchmark() runs OpenVINO's own streams.
 */
export class OpenvinoSession implements Session {
  private constructor(
    private readonly worker: OvWorker,
    readonly inputNames: string[],
    readonly outputNames: string[],
    readonly notes: string[],
    private readonly profiling: boolean,
  ) {}

  static async open(
    python: string,
    modelPath: string,
    options: SessionOptions,
  ): Promise<OpenvinoSession> {
    const worker = new OvWorker(python);
    try {
      const reply = parseReply(
        compileReply,
        await worker.request(
          'compile',
          { model: modelPath, config: sessionConfig(options) },
          { timeoutMs: OP_TIMEOUT_MS },
        ),
        'compile',
      );
      return new OpenvinoSession(
        worker,
        reply.inputs.map((p) => p.name),
        reply.outputs.map((p) => p.name),
        [SESSION_PRECISION_NOTE, SESSION_IPC_NOTE],
        options.profile === true,
      );
    } catch (err) {
      worker.kill();
      throw err;
    }
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const reply = parseReply(
      inferReply,
      await this.worker.request(
        'infer',
        { feeds: encodeFeeds(feeds) },
        { timeoutMs: OP_TIMEOUT_MS },
      ),
      'infer',
    );
    const out: Record<string, HostTensor> = {};
    for (const [name, t] of Object.entries(reply.outputs)) out[name] = decodeTensor(name, t);
    return out;
  }

  /**
   * Per-layer times of each run since the previous call, joined with the runtime
   * graph (originals, kernels). The runtime graph is also written as OpenVINO's
   * execution-graph XML (benchmark_app -exec_graph_path), which the profile importers read:
   * to `xmlPath`, else to a private temporary file.
   * Needs a session loaded with `profile: true` (PERF_COUNT) for times; without, nodes is [].
   */
  async endProfiling(xmlPath?: string): Promise<SessionProfile> {
    const t = { timeoutMs: OP_TIMEOUT_MS };
    // The profile names its runtime graph by file, like ORT's optimized model: a private
    // temporary one unless the caller says where.
    const xml =
      xmlPath ??
      path.join(mkdtempSync(path.join(os.tmpdir(), 'sparsescope-ov-graph-')), 'exec-graph.xml');
    const graph = runtimeNodes(await this.worker.request('runtime', { xml }, t));
    const runs = this.profiling ? runCounters(await this.worker.request('counters', {}, t)) : [];
    return {
      engine: 'openvino',
      runs: runs.length,
      nodes: nodeTimings(runs, graph),
      file: null,
      runtimeGraph: { format: 'openvino-exec-graph', path: xml },
    };
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
