import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { BugError, fromErrorData, type ApiErrorData } from '../api/errors';
import { graphFacts, type ModelFacts } from '../model/input-facts';
import { openModelFile } from '../model/registry';
import { workerPath } from '../util/paths';

/** Facts of a model file, with the file's sha256 (hex) for results. */
export interface ModelFileFacts extends ModelFacts {
  sha256: string;
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
  const file = workerPath('model-facts');
  if (!existsSync(file)) return loadModelFacts(modelPath);
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = new Worker(file, { workerData: { modelPath } });
    worker.once(
      'message',
      (m: { ok: true; facts: ModelFileFacts } | { ok: false; error: ApiErrorData }) => {
        answered = true;
        if (m.ok) resolve(m.facts);
        else reject(fromErrorData(m.error));
      },
    );
    worker.once('error', (err) => {
      answered = true;
      reject(new BugError('Crashed', `Reading ${modelPath} crashed its worker: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered)
        reject(
          new BugError('Crashed', `Reading ${modelPath} stopped unexpectedly (code ${code}).`),
        );
    });
  });
}
