import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ApiErrorData } from '../api/contract';
import { UserError } from '../api/errors';
import type { Graph, GraphModel, ValueInfo } from '../model/graph';
import { openModelFile } from '../model/registry';
import { distPath } from '../util/paths';

/** What the benchmark needs to know about a model before it starts any stream. */
export interface ModelFacts {
  inputs: ValueInfo[];
  /** Rows of the word-embedding table input_ids are gathered from; null when not found. */
  vocabSize: number | null;
  /** Rows of the position-embedding table: the longest sequence accepted; null when not found. */
  maxPositions: number | null;
}

/** Facts of a model file, with the file's sha256 (hex) for results. */
export interface ModelFileFacts extends ModelFacts {
  sha256: string;
}

/** Follow value-preserving ops (Cast, Identity, Reshape, Unsqueeze …) back to their source. */
const PASS_THROUGH = new Set(['Cast', 'Identity', 'Reshape', 'Unsqueeze', 'Squeeze', 'Flatten']);

/**
 * Vocabulary and position sizes read off the embedding Gathers: the first dim of the constant
 * table a Gather consumes the token-id input through, and of the table it indexes with a
 * Range (positions 0..seq-1) or whose name says "position".
 */
export function graphFacts(model: GraphModel): ModelFacts {
  const g = model.graph;
  const producer = new Map<string, Graph['nodes'][number]>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const source = (value: string): { value: string; viaRange: boolean } => {
    let v = value;
    for (let hops = 0; hops < 8; hops++) {
      const p = producer.get(v);
      if (!p) break;
      if (p.opType === 'Range') return { value: v, viaRange: true };
      if (!PASS_THROUGH.has(p.opType) || p.inputs[0] === undefined) break;
      v = p.inputs[0];
    }
    return { value: v, viaRange: false };
  };
  const tokenInputs = new Set(
    g.inputs
      .filter((i) => /input_ids|^ids$|token_ids$/i.test(i.name) && !/type/i.test(i.name))
      .map((i) => i.name),
  );
  let vocabSize: number | null = null;
  let maxPositions: number | null = null;
  for (const n of g.nodes) {
    if (n.opType !== 'Gather' || n.inputs.length < 2) continue;
    const table = g.initializers.get(n.inputs[0]!);
    if (!table || table.dims.length !== 2) continue;
    const indices = source(n.inputs[1]!);
    if (vocabSize === null && tokenInputs.has(indices.value)) vocabSize = table.dims[0]!;
    else if (maxPositions === null && (indices.viaRange || /position/i.test(table.name))) {
      maxPositions = table.dims[0]!;
    }
  }
  return { inputs: g.inputs, vocabSize, maxPositions };
}

/** Read a model file's facts (any format the model registry opens) and its sha256. */
export async function loadModelFacts(modelPath: string): Promise<ModelFileFacts> {
  // openModelFile names the file and what was wrong with it on every failure.
  const facts = graphFacts(await openModelFile(modelPath));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(modelPath)) hash.update(chunk as Buffer);
  // Copies only: nothing keeps the (possibly large) file bytes alive after this.
  return {
    inputs: facts.inputs.map((i) => ({ ...i, shape: i.shape && [...i.shape] })),
    vocabSize: facts.vocabSize,
    maxPositions: facts.maxPositions,
    sha256: hash.digest('hex'),
  };
}

/**
 * loadModelFacts in a short-lived worker thread, so the file bytes the importer reads never
 * stay on this thread's heap (they would count in the peak RSS the benchmark reports).
 */
export function loadModelFactsIsolated(modelPath: string): Promise<ModelFileFacts> {
  const file = distPath('core', 'model-facts.worker.js');
  if (!existsSync(file)) return loadModelFacts(modelPath);
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = new Worker(file, { workerData: { modelPath } });
    worker.once(
      'message',
      (m: { ok: true; facts: ModelFileFacts } | { ok: false; error: ApiErrorData }) => {
        answered = true;
        if (m.ok) resolve(m.facts);
        else reject(new UserError(m.error.name, m.error.message, m.error.detail));
      },
    );
    worker.once('error', (err) => {
      answered = true;
      reject(new UserError('ModelError', `Reading ${modelPath} failed: ${err.message}`, err.stack));
    });
    worker.once('exit', (code) => {
      if (!answered)
        reject(
          new UserError('ModelError', `Reading ${modelPath} stopped unexpectedly (code ${code}).`),
        );
    });
  });
}
