import { UserError } from '../../api/errors';
import type { GraphModel } from '../graph';
import { openModelFile } from '../registry';

/** Open a model a transform can rewrite and write back: ONNX only (we write ONNX). */
export async function openOnnxForTransform(file: string): Promise<GraphModel> {
  const model = await openModelFile(file);
  if (model.format !== 'onnx') {
    throw new UserError(
      'UnsupportedModel',
      `${file}: is an OpenVINO IR model; prune and quantize read and write ONNX only.`,
      'Convert it to ONNX first, or prune/quantise the ONNX model it came from.',
    );
  }
  return model;
}
