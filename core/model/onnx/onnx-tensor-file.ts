import path from 'node:path';
import { UserError } from '../../api/errors';
import type { Tensor } from '../graph';
import { onnxTypes, type TensorMsg } from './onnx-schema';
import { tensorFromMsg, tensorToMsg } from './onnx-tensor';

/**
 * A serialized TensorProto on its own, as the ONNX backend tests store inputs and expected
 * outputs (`test_data_set_0/input_0.pb`). The tensor's bytes are a view onto `bytes`.
 */
export function decodeTensorProto(bytes: Uint8Array, fileName: string): Tensor {
  let msg: TensorMsg;
  try {
    msg = onnxTypes().TensorProto.decode(bytes) as unknown as TensorMsg;
  } catch (err) {
    throw new UserError(
      'BadModel',
      `${fileName}: not a valid ONNX TensorProto: protobuf decoding failed (${(err as Error).message})`,
    );
  }
  if (!Object.prototype.hasOwnProperty.call(msg, 'data_type')) {
    throw new UserError(
      'BadModel',
      `${fileName}: TensorProto has no data_type (field 2); expected a serialized ONNX tensor`,
    );
  }
  try {
    return tensorFromMsg(msg, {
      file: fileName,
      where: 'TensorProto',
      baseDir: path.dirname(path.resolve(fileName)),
    });
  } catch (err) {
    // Backend tests also store SequenceProto/OptionalProto values in .pb files; they decode
    // as nonsense tensors, so say what is supported.
    if (err instanceof UserError) {
      throw new UserError(
        'BadModel',
        `${err.message} (only TensorProto files are supported, not sequence, optional or map values)`,
      );
    }
    throw err;
  }
}

/** Serialize one tensor as a TensorProto (data as raw_data; strings as string_data). */
export function encodeTensorProto(t: Tensor): Uint8Array {
  return onnxTypes().TensorProto.encode(tensorToMsg(t)).finish();
}
