import { UserError } from '../../api/errors';

/**
 * onnxruntime's failures in plain words: one paragraph naming the model, the node where ORT
 * says which, and ORT's own reason. ORT's messages look like
 *   "Non-zero status code returned while running Reshape node. Name:'/r' Status Message: …"
 *   "[ONNXRuntimeError] : 10 : INVALID_GRAPH : Load model from m.onnx failed:This is an invalid model. …"
 */
export function ortFailure(err: unknown, when: 'load' | 'run', modelPath: string): UserError {
  if (err instanceof UserError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const node = /running (\S+) node\. Name:'([^']*)'/.exec(raw);
  const status = /Status Message: ([\s\S]*)$/.exec(raw)?.[1];
  const reason = (status ?? raw.replace(/^\[ONNXRuntimeError\] : \d+ : [A-Z_]+ : /, ''))
    .replace(/\s+/g, ' ')
    .trim();
  const where = node ? ` at node "${node[2]}" (${node[1]})` : '';
  const what = when === 'load' ? 'could not load' : 'failed to run';
  return new UserError('RunFailed', `onnxruntime ${what} ${modelPath}${where}: ${reason}`);
}
