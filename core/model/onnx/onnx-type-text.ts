import { DTYPE_TO_ONNX, dtypeFromOnnx } from '../tensor';
import type { DType } from '../graph';
import { toNumber } from './onnx-long';
import type { TensorShapeMsg, TypeMsg } from './onnx-schema';

/**
 * TypeProto-valued attributes (e.g. Optional's `type`) have no place in the graph model's
 * Attribute union, so they travel as ONNX type text: `tensor(float)`, `seq(tensor(int64))`,
 * `map(string,tensor(float))`, `optional(...)`, `sparse_tensor(float)`, with an optional
 * shape suffix `[2,N,?]`. The writer parses the text back into a TypeProto.
 */

function elemName(code: number | undefined): string {
  const d = dtypeFromOnnx(code ?? 0);
  if (!d) return 'undefined';
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d;
}

function elemCode(name: string): number {
  const d = (name === 'float' ? 'float32' : name === 'double' ? 'float64' : name) as DType;
  return DTYPE_TO_ONNX[d] ?? 0;
}

function shapeText(s: TensorShapeMsg | null | undefined): string {
  if (!s) return '';
  const dims = (s.dim ?? []).map((d) => {
    if (Object.prototype.hasOwnProperty.call(d, 'dim_value') && d.dim_value !== null)
      return String(toNumber(d.dim_value));
    return d.dim_param || '?';
  });
  return `[${dims.join(',')}]`;
}

export function typeProtoText(t: TypeMsg | null): string {
  if (!t) return 'undefined';
  if (t.tensor_type)
    return `tensor(${elemName(t.tensor_type.elem_type)})${shapeText(t.tensor_type.shape)}`;
  if (t.sparse_tensor_type) {
    return `sparse_tensor(${elemName(t.sparse_tensor_type.elem_type)})${shapeText(t.sparse_tensor_type.shape)}`;
  }
  if (t.sequence_type) return `seq(${typeProtoText(t.sequence_type.elem_type ?? null)})`;
  if (t.optional_type) return `optional(${typeProtoText(t.optional_type.elem_type ?? null)})`;
  if (t.map_type)
    return `map(${elemName(t.map_type.key_type)},${typeProtoText(t.map_type.value_type ?? null)})`;
  return 'undefined';
}

/** Parse type text back; throws Error with the position when the text is malformed. */
export function parseTypeText(text: string): TypeMsg {
  let pos = 0;
  const expect = (s: string): void => {
    if (!text.startsWith(s, pos)) throw new Error(`type "${text}": expected "${s}" at ${pos}`);
    pos += s.length;
  };
  const word = (): string => {
    const m = /^[A-Za-z0-9_]+/.exec(text.slice(pos));
    if (!m) throw new Error(`type "${text}": expected a name at ${pos}`);
    pos += m[0].length;
    return m[0];
  };
  const shape = (): TensorShapeMsg | null => {
    if (text[pos] !== '[') return null;
    const end = text.indexOf(']', pos);
    if (end < 0) throw new Error(`type "${text}": unclosed "["`);
    const body = text.slice(pos + 1, end);
    pos = end + 1;
    const dims = body === '' ? [] : body.split(',');
    return {
      dim: dims.map((d) =>
        /^\d+$/.test(d) ? { dim_value: Number(d) } : d === '?' ? {} : { dim_param: d },
      ),
    };
  };
  const type = (): TypeMsg => {
    const kind = word();
    expect('(');
    let t: TypeMsg;
    if (kind === 'tensor' || kind === 'sparse_tensor') {
      const elem = elemCode(word());
      expect(')');
      const s = shape();
      const body = s ? { elem_type: elem, shape: s } : { elem_type: elem };
      t = kind === 'tensor' ? { tensor_type: body } : { sparse_tensor_type: body };
      return t;
    }
    if (kind === 'seq') t = { sequence_type: { elem_type: type() } };
    else if (kind === 'optional') t = { optional_type: { elem_type: type() } };
    else if (kind === 'map') {
      const key = elemCode(word());
      expect(',');
      t = { map_type: { key_type: key, value_type: type() } };
    } else throw new Error(`type "${text}": unknown type kind "${kind}"`);
    expect(')');
    return t;
  };
  if (text === 'undefined') return {};
  const t = type();
  if (pos !== text.length) throw new Error(`type "${text}": unexpected text at ${pos}`);
  return t;
}
