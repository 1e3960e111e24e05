import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../api/errors';
import { loadModelFacts } from './model-facts';

// Reads a model's facts off the main thread's heap: the whole file is parsed here and freed
// when this worker ends, so it never inflates the benchmark's peak RSS.
const { modelPath } = workerData as { modelPath: string };
loadModelFacts(modelPath).then(
  (facts) => parentPort!.postMessage({ ok: true, facts }),
  (err: unknown) => parentPort!.postMessage({ ok: false, error: toErrorData(err) }),
);
