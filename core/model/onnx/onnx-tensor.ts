import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { realPathInside } from '../../util/contained-path';
import type { DType, Tensor } from '../graph';
import { DTYPE_TO_ONNX, dtypeFromOnnx, elementCount, tensorByteLength } from '../tensor';
import { toBigInt, toNumber } from './onnx-long';
import { DATA_LOCATION_EXTERNAL, type SparseTensorMsg, type TensorMsg } from './onnx-schema';

/** Where a tensor sits, for error messages and for resolving external data. */
export interface TensorPlace {
  /** File name shown in messages. */
  file: string;
  /** e.g. `graph "main", initializer "W"`. */
  where: string;
  /** Folder external data locations are relative to; null when the model has no folder. */
  baseDir: string | null;
}

const utf8 = new TextDecoder('utf-8');

function fail(place: TensorPlace, what: string): never {
  throw new UserError('BadModel', `${place.file}: ${place.where}: ${what}`);
}

function has(msg: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(msg, field);
}

export function dimsOf(raw: TensorMsg['dims'], place: TensorPlace): number[] {
  const dims = (raw ?? []).map(toNumber);
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0)
      fail(place, `dimension ${d} is not a size (expected an integer ≥ 0)`);
  }
  return dims;
}

/** Convert a decoded TensorProto; raw and external data stay views/lazy reads, not copies. */
export function tensorFromMsg(msg: TensorMsg, place: TensorPlace): Tensor {
  const name = msg.name ?? '';
  const code = msg.data_type ?? 0;
  const dtype = dtypeFromOnnx(code);
  if (!dtype)
    fail(
      place,
      `tensor "${name}" has data_type ${code}, which is not a supported ONNX element type`,
    );
  const dims = dimsOf(msg.dims, place);
  if (msg.segment) fail(place, `tensor "${name}" is segmented, which is not supported`);
  const n = elementCount(dims);
  const desc = `tensor "${name}" (${dtype} [${dims.join(',')}])`;

  if (msg.data_location === DATA_LOCATION_EXTERNAL)
    return externalTensor(msg, name, dtype, dims, place, desc);

  if (dtype === 'string') {
    const data = msg.string_data ?? [];
    if (data.length !== n)
      fail(place, `${desc} has ${data.length} strings in string_data, expected ${n}`);
    let cached: string[] | undefined;
    return {
      name,
      dtype,
      dims,
      bytes: () => new Uint8Array(0),
      strings: () => (cached ??= data.map((b) => utf8.decode(b))),
      location: { kind: 'inline' },
    };
  }

  const byteLength = tensorByteLength(dtype, n);
  if (has(msg, 'raw_data') && msg.raw_data) {
    const raw = msg.raw_data;
    if (raw.byteLength !== byteLength) {
      fail(place, `${desc} needs ${byteLength} bytes of raw_data but has ${raw.byteLength}`);
    }
    return { name, dtype, dims, bytes: () => raw, location: { kind: 'inline' } };
  }
  const bytes = packTypedFields(msg, dtype, n, place, desc);
  return { name, dtype, dims, bytes: () => bytes, location: { kind: 'inline' } };
}

/** ONNX's typed storage fields (float_data, int32_data, …) → packed little-endian bytes. */
function packTypedFields(
  msg: TensorMsg,
  dtype: DType,
  n: number,
  place: TensorPlace,
  desc: string,
): Uint8Array {
  // Check the entry count before allocating: dims in a damaged file can claim any size.
  const [field, count] = typedField(dtype, n);
  const have = (msg[field] as unknown[] | undefined)?.length ?? 0;
  if (have !== count) fail(place, `${desc} has ${have} values in ${field}, expected ${count}`);
  const out = new Uint8Array(tensorByteLength(dtype, n));
  const dv = new DataView(out.buffer);
  switch (dtype) {
    case 'float32':
    case 'complex64': {
      const v = msg.float_data ?? [];
      v.forEach((x, i) => dv.setFloat32(i * 4, x, true));
      break;
    }
    case 'float64':
    case 'complex128': {
      const v = msg.double_data ?? [];
      v.forEach((x, i) => dv.setFloat64(i * 8, x, true));
      break;
    }
    case 'int64': {
      const v = msg.int64_data ?? [];
      v.forEach((x, i) => dv.setBigInt64(i * 8, toBigInt(x, false), true));
      break;
    }
    case 'uint64': {
      const v = msg.uint64_data ?? [];
      v.forEach((x, i) => dv.setBigUint64(i * 8, toBigInt(x, true), true));
      break;
    }
    case 'uint32': {
      const v = msg.uint64_data ?? [];
      v.forEach((x, i) => dv.setUint32(i * 4, Number(toBigInt(x, true) & 0xffffffffn), true));
      break;
    }
    case 'int32': {
      const v = msg.int32_data ?? [];
      v.forEach((x, i) => dv.setInt32(i * 4, x, true));
      break;
    }
    case 'float16':
    case 'bfloat16':
    case 'int16':
    case 'uint16': {
      // One element per int32 entry: its low 16 bits (fp16/bf16 as bit patterns).
      const v = msg.int32_data ?? [];
      v.forEach((x, i) => dv.setUint16(i * 2, x & 0xffff, true));
      break;
    }
    case 'int8':
    case 'uint8':
    case 'bool':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz': {
      const v = msg.int32_data ?? [];
      v.forEach((x, i) => (out[i] = dtype === 'bool' ? (x ? 1 : 0) : x & 0xff));
      break;
    }
    case 'int4':
    case 'uint4': {
      // Two 4-bit elements per int32 entry, already packed low nibble first.
      const v = msg.int32_data ?? [];
      v.forEach((x, i) => (out[i] = x & 0xff));
      break;
    }
    case 'string':
      break;
  }
  return out;
}

/** Which typed field holds a dtype's elements, and how many entries n elements take. */
function typedField(dtype: DType, n: number): [keyof TensorMsg, number] {
  switch (dtype) {
    case 'float32':
      return ['float_data', n];
    case 'complex64':
      return ['float_data', 2 * n];
    case 'float64':
      return ['double_data', n];
    case 'complex128':
      return ['double_data', 2 * n];
    case 'int64':
      return ['int64_data', n];
    case 'uint64':
    case 'uint32':
      return ['uint64_data', n];
    case 'string':
      return ['string_data', n];
    case 'int4':
    case 'uint4':
      return ['int32_data', Math.ceil(n / 2)];
    default:
      return ['int32_data', n];
  }
}

function externalTensor(
  msg: TensorMsg,
  name: string,
  dtype: DType,
  dims: number[],
  place: TensorPlace,
  desc: string,
): Tensor {
  const entries = new Map((msg.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location') ?? '';
  if (!location) fail(place, `${desc} uses external data but has no "location" entry`);
  if (path.isAbsolute(location) || path.normalize(location).split(/[\\/]/).includes('..')) {
    fail(
      place,
      `${desc} has external data location "${location}", expected a path inside the model's folder`,
    );
  }
  if (place.baseDir === null)
    fail(place, `${desc} uses external data "${location}" but the model was not read from a file`);
  const named = path.join(place.baseDir, location);
  // The text of the location stays inside; a symbolic link must not lead out either.
  const file = realPathInside(place.baseDir, named) ?? named;
  if (existsSync(named) && realPathInside(place.baseDir, named) === null) {
    fail(
      place,
      `${desc} has external data "${location}", which is a link leading out of the model's folder; expected a file inside it`,
    );
  }
  const intEntry = (key: string): number | undefined => {
    const text = entries.get(key);
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v))
      fail(place, `${desc} has external data ${key} "${text}", expected an integer ≥ 0`);
    return v;
  };
  const offset = intEntry('offset') ?? 0;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) fail(place, `${desc}: external data "${file}" is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    fail(
      place,
      `${desc}: cannot read external data file "${file}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (offset > size) {
    fail(
      place,
      `${desc}: external data "${location}" has ${size} bytes, but its offset is ${offset}; expected an offset inside the file`,
    );
  }
  const length = intEntry('length') ?? size - offset;
  if (offset + length > size) {
    fail(
      place,
      `${desc}: external data "${location}" has ${size} bytes, offset ${offset} + length ${length} runs past its end`,
    );
  }
  const expected = dtype === 'string' ? -1 : tensorByteLength(dtype, elementCount(dims));
  if (length !== expected)
    fail(place, `${desc} needs ${expected} bytes but its external data length is ${length}`);
  let cached: WeakRef<Uint8Array> | undefined;
  return {
    name,
    dtype,
    dims,
    // Read on demand; a WeakRef lets repeated callers share one copy without pinning it.
    bytes: () => {
      const hit = cached?.deref();
      if (hit) return hit;
      const buf = new Uint8Array(length);
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        throw new UserError('BadModel', `${file}: cannot read external data for ${desc} (${code})`);
      }
      try {
        let done = 0;
        while (done < length) {
          const got = readSync(fd, buf, done, length - done, offset + done);
          if (got === 0)
            throw new UserError(
              'BadModel',
              `${file}: external data for ${desc} ended early (file changed?)`,
            );
          done += got;
        }
      } finally {
        closeSync(fd);
      }
      cached = new WeakRef(buf);
      return buf;
    },
    location: { kind: 'external', file, offset, length },
  };
}

/** ONNX SparseTensorProto → the equivalent dense tensor (densified on first use). */
export function tensorFromSparseMsg(msg: SparseTensorMsg, place: TensorPlace): Tensor {
  if (!msg.values || !msg.indices) fail(place, 'sparse tensor lacks values or indices');
  const values = tensorFromMsg(msg.values, place);
  const indices = tensorFromMsg(msg.indices, place);
  const dims = dimsOf(msg.dims, place);
  const n = elementCount(dims);
  const nnz = values.dims[0] ?? 0;
  if (values.dims.length !== 1) fail(place, `sparse tensor "${values.name}" values must be 1-D`);
  if (indices.dtype !== 'int64')
    fail(place, `sparse tensor "${values.name}" indices must be int64`);
  if (values.dtype === 'string' || values.dtype === 'int4' || values.dtype === 'uint4') {
    fail(place, `sparse tensor "${values.name}" of ${values.dtype} is not supported`);
  }
  const coo = indices.dims.length === 2;
  if (
    indices.dims[0] !== nnz ||
    (coo && indices.dims[1] !== dims.length) ||
    indices.dims.length > 2
  ) {
    fail(
      place,
      `sparse tensor "${values.name}" indices [${indices.dims.join(',')}] do not match ${nnz} values of rank ${dims.length}`,
    );
  }
  const size = tensorByteLength(values.dtype, 1);
  if (n * size > 2 ** 31) fail(place, `sparse tensor "${values.name}" is too large to densify`);
  let dense: Uint8Array | undefined;
  const densify = (): Uint8Array => {
    const out = new Uint8Array(n * size);
    const vb = values.bytes();
    const ib = indices.bytes();
    const iv = new DataView(ib.buffer, ib.byteOffset, ib.byteLength);
    for (let k = 0; k < nnz; k++) {
      let flat = 0;
      if (coo) {
        for (let a = 0; a < dims.length; a++)
          flat = flat * dims[a]! + Number(iv.getBigInt64((k * dims.length + a) * 8, true));
      } else flat = Number(iv.getBigInt64(k * 8, true));
      if (!(flat >= 0 && flat < n))
        fail(place, `sparse tensor "${values.name}" index ${flat} is outside [0, ${n})`);
      out.set(vb.subarray(k * size, (k + 1) * size), flat * size);
    }
    return out;
  };
  return {
    name: values.name,
    dtype: values.dtype,
    dims,
    bytes: () => (dense ??= densify()),
    location: { kind: 'inline' },
  };
}

/** Tensor → TensorProto message, data as raw_data (string tensors as string_data). */
export function tensorToMsg(t: Tensor): TensorMsg {
  const msg: TensorMsg = { name: t.name, dims: t.dims, data_type: DTYPE_TO_ONNX[t.dtype] };
  if (t.dtype === 'string') {
    const enc = new TextEncoder();
    msg.string_data = (t.strings ? t.strings() : []).map((s) => enc.encode(s));
  } else {
    msg.raw_data = t.bytes();
  }
  return msg;
}
