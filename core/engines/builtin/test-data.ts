import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import type { DType, GraphModel, Tensor } from '../../model/graph';
import { decodeTensorProto } from '../../model/onnx/onnx-importer';
import { tensorToArray } from '../../model/tensor';
import type { HostTensor, Session } from '../engine';
import { diffOutputs, type OutputDiff, type Tolerance } from './tensor-diff';

/** An ONNX backend-test data set: input_N.pb and output_N.pb (TensorProto), in N order. */
export interface TestData {
  inputs: Tensor[];
  outputs: Tensor[];
}

export function readTestData(dir: string): TestData {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch (err) {
    throw new UserError(
      'BadInput',
      `${dir}: cannot read the test data folder (${(err as Error).message})`,
    );
  }
  const pick = (prefix: string): Tensor[] =>
    names
      .map((n) => ({ n, m: new RegExp(`^${prefix}_(\\d+)\\.pb$`).exec(n) }))
      .filter((x) => x.m)
      .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
      .map((x) => {
        const file = path.join(dir, x.n);
        return decodeTensorProto(new Uint8Array(readFileSync(file)), file);
      });
  const data = { inputs: pick('input'), outputs: pick('output') };
  if (data.outputs.length === 0)
    throw new UserError(
      'BadInput',
      `${dir}: no output_*.pb files (expected ONNX test data: input_0.pb …, output_0.pb …)`,
    );
  return data;
}

/** A decoded tensor as a HostTensor in the engines' conventions (int64 as BigInt64Array). */
export function tensorToHost(t: Tensor): HostTensor {
  const data = tensorToArray(t);
  if (
    t.dtype === 'int4' ||
    t.dtype === 'uint4' ||
    t.dtype.startsWith('float8') ||
    t.dtype.startsWith('complex')
  ) {
    throw new UserError(
      'BadInput',
      `tensor "${t.name}" has type ${t.dtype}, which the engines do not take as input`,
    );
  }
  return { dtype: t.dtype, dims: [...t.dims], data: data as HostTensor['data'] };
}

/**
 * numpy has no bfloat16, so backend-test data (ONNX ≤ 1.13) stores bfloat16 tensors as their
 * uint16 bit patterns: read them back as what the model declares.
 */
function asDeclared(h: HostTensor, declared: DType | null | undefined): HostTensor {
  if (h.dtype === 'uint16' && (declared === 'bfloat16' || declared === 'float16'))
    return { ...h, dtype: declared };
  return h;
}

/** Feeds matched to the session's inputs by tensor name, else by position. */
export function feedsFor(
  session: Session,
  inputs: Tensor[],
  declared?: Map<string, DType | null>,
): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  const byName = inputs.every((t) => session.inputNames.includes(t.name));
  inputs.forEach((t, i) => {
    const name = byName ? t.name : session.inputNames[i];
    if (name === undefined)
      throw new UserError(
        'BadInput',
        `input_${i}.pb has no matching model input (the model has ${session.inputNames.length})`,
      );
    feeds[name] = asDeclared(tensorToHost(t), declared?.get(name));
  });
  return feeds;
}

/** Run the session on a data set and compare every expected output. */
export async function verifySession(
  session: Session,
  data: TestData,
  tol: Tolerance,
  model?: GraphModel,
): Promise<OutputDiff[]> {
  const declared = new Map<string, DType | null>();
  for (const v of [...(model?.graph.inputs ?? []), ...(model?.graph.outputs ?? [])])
    declared.set(v.name, v.dtype);
  const got = await session.run(feedsFor(session, data.inputs, declared));
  const byName = data.outputs.every((t) => t.name in got);
  return data.outputs.map((t, i) => {
    const name = byName ? t.name : session.outputNames[i]!;
    const actual = got[name];
    const expected = asDeclared(tensorToHost(t), declared.get(name));
    if (!actual)
      return {
        name,
        dtype: t.dtype,
        dims: [...t.dims],
        problem: 'not produced',
        maxAbs: NaN,
        maxRel: NaN,
        cosine: NaN,
        mismatches: NaN,
        ok: false,
      };
    return diffOutputs(name, actual, expected, tol);
  });
}
