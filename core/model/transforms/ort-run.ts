import * as ort from 'onnxruntime-node';
import { UserError } from '../../api/errors';
import type { HostTensor } from '../tensor';
import type { GraphModel } from '../graph';
import { writeOnnx } from '../onnx/onnx-writer';

/**
 * Run a model once in onnxruntime-node, in memory. Used to check what a transform did to a
 * model's outputs; benchmarking goes through core/engines instead. One intra-op thread
 * keeps this cheap next to whatever else is running.
 */
export async function runOnce(
  model: GraphModel,
  feeds: Record<string, HostTensor>,
  outputNames?: string[],
): Promise<Record<string, Float32Array>> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(writeOnnx(model), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
  } catch (err) {
    throw new UserError(
      'BadModel',
      'onnxruntime could not load the model.',
      (err as Error).message,
    );
  }
  try {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      ortFeeds[name] = new ort.Tensor(
        t.dtype as ort.Tensor.Type,
        t.data as ort.Tensor.DataType,
        t.dims,
      );
    }
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(ortFeeds, outputNames ?? session.outputNames);
    } catch (err) {
      throw new UserError(
        'BadModel',
        'onnxruntime could not run the model on sample inputs.',
        (err as Error).message,
      );
    }
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(results)) {
      const data = t.data;
      out[name] =
        data instanceof Float32Array
          ? data
          : Float32Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
    }
    return out;
  } finally {
    await session.release();
  }
}
