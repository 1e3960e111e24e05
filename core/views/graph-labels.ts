/**
 * What each box of the graph view says, Netron-style: the op type in a header coloured by its
 * category, then one row per weight (its shape) and per attribute (`axis = -1`); graph inputs
 * and outputs as pills; edges labelled with the value's dtype and shape. Sizes come from
 * graph-text.ts, so the worker, the screen and the CLI agree on every box.
 */
import type {
  GraphViewConstant,
  GraphViewGraph,
  GraphViewNode,
  GraphViewValue,
} from '../api/graph-view';
import type { Dim, DType } from '../api/names';
import { inputName, opCategory, type OpCategory } from './graph-style';
import { fitText, textWidth } from './graph-text';

export const BOX = {
  font: 11,
  headerFont: 11.5,
  header: 20,
  row: 14,
  padX: 8,
  padY: 5,
  minWidth: 56,
  maxWidth: 250,
  /** Rows shown before "+N more". */
  maxRows: 6,
  pill: 22,
} as const;

export interface BoxRow {
  key: string;
  value: string;
}

/** One box's content and size. */
export interface NodeBox {
  title: string;
  /** A second header line: the node's name when names are shown. */
  subtitle: string | null;
  rows: BoxRow[];
  category: OpCategory;
  width: number;
  height: number;
}

const SHORT_DTYPES: Partial<Record<DType, string>> = {
  float32: 'f32',
  float16: 'f16',
  bfloat16: 'bf16',
  float64: 'f64',
  int8: 'i8',
  uint8: 'u8',
  int16: 'i16',
  uint16: 'u16',
  int32: 'i32',
  uint32: 'u32',
  int64: 'i64',
  uint64: 'u64',
  uint4: 'u4',
  int4: 'i4',
};

export const dtypeText = (t: DType | null): string => (t ? (SHORT_DTYPES[t] ?? t) : '?');

export function shapeText(shape: readonly Dim[] | null): string {
  if (shape === null) return '';
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** An edge's label: `f32 1×128×768`; null when nothing is known about the value. */
export function valueLabel(v: GraphViewValue | undefined): string | null {
  if (!v || (v.dtype === null && v.shape === null)) return null;
  const shape = shapeText(v.shape);
  return shape ? `${dtypeText(v.dtype)} ${shape}` : dtypeText(v.dtype);
}

/**
 * The key of a weight row: the input's name in the op's specification (`B` of MatMul, as
 * Netron shows it), else the last part of the tensor's name ("query.weight" → "weight").
 */
function weightKey(opType: string, name: string, index: number): string {
  const spec = inputName(opType, index);
  if (spec) return spec;
  const tail = name.split(/[/.:]/).filter(Boolean).pop() ?? '';
  return tail && tail.length <= 14 && !/^\d+$/.test(tail) ? tail : `in${index}`;
}

/** Lookups a graph's boxes need, built once per graph. */
export interface GraphIndex {
  constants: Map<string, GraphViewConstant>;
  values: Map<string, GraphViewValue>;
}

export function indexGraph(g: GraphViewGraph): GraphIndex {
  return {
    constants: new Map(g.constants.map((c) => [c.name, c])),
    values: new Map(g.values.map((v) => [v.name, v])),
  };
}

function sized(
  title: string,
  subtitle: string | null,
  rows: BoxRow[],
  category: OpCategory,
): NodeBox {
  const { font, headerFont, padX, maxWidth, minWidth } = BOX;
  let width = textWidth(title, headerFont, true) + 2 * padX;
  if (subtitle) width = Math.max(width, textWidth(subtitle, font) + 2 * padX);
  for (const r of rows)
    width = Math.max(
      width,
      textWidth(`${r.key} `, font, true) + textWidth(r.value, font) + 2 * padX,
    );
  width = Math.ceil(Math.min(maxWidth, Math.max(minWidth, width)));
  const inner = width - 2 * padX;
  const fitted = rows.map((r) => ({
    key: r.key,
    value: fitText(r.value, font, Math.max(10, inner - textWidth(`${r.key} `, font, true))),
  }));
  const header = BOX.header + (subtitle ? BOX.row : 0);
  const height = Math.ceil(header + (fitted.length ? fitted.length * BOX.row + 2 * BOX.padY : 0));
  return {
    title: fitText(title, headerFont, inner, true),
    subtitle: subtitle ? fitText(subtitle, font, inner) : null,
    rows: fitted,
    category,
    width,
    height,
  };
}

/** A node's box: op type, weights with their shapes, then attributes. */
export function nodeBox(n: GraphViewNode, index: GraphIndex, showNames: boolean): NodeBox {
  const rows: BoxRow[] = [];
  // A runtime node drawn over several originals has their inputs, not its op's signature.
  const fused = (n.originals?.length ?? 0) > 1;
  n.inputs.forEach((v, i) => {
    const c = v ? index.constants.get(v) : undefined;
    if (c)
      rows.push({
        key: weightKey(fused ? '' : n.opType, c.name, i),
        value: `⟨${c.shape.join('×') || 'scalar'}⟩`,
      });
  });
  for (const a of n.attributes) rows.push({ key: a.name, value: `= ${a.text}` });
  for (const s of n.subgraphs)
    if (!n.attributes.some((a) => a.name === s.attribute))
      rows.push({ key: s.attribute, value: 'graph' });
  const shown = rows.length > BOX.maxRows ? rows.slice(0, BOX.maxRows - 1) : rows;
  if (shown.length < rows.length)
    shown.push({ key: '…', value: `${rows.length - shown.length} more` });
  const title = n.domain && n.domain !== 'ai.onnx' ? `${n.opType}` : n.opType;
  return sized(title, showNames ? n.name : null, shown, opCategory(n.opType));
}

/** A graph input's or output's pill: the value name, then dtype and shape. */
export function valueBox(v: GraphViewValue | undefined, name: string): NodeBox {
  const label = valueLabel(v);
  const box = sized(name, null, [], 'io');
  const width = Math.ceil(
    Math.min(
      BOX.maxWidth,
      Math.max(
        box.width,
        textWidth(name, BOX.font, true) +
          (label ? textWidth(` ${label}`, BOX.font) : 0) +
          2 * BOX.padX,
      ),
    ),
  );
  return {
    ...box,
    title: fitText(name, BOX.font, width - 2 * BOX.padX, true),
    subtitle: label,
    width,
    height: label ? BOX.pill + BOX.row - 4 : BOX.pill,
  };
}

/**
 * The box with more rows (values that come from far away, named instead of drawn as an edge
 * the whole height of the drawing).
 */
export function withRows(box: NodeBox, rows: BoxRow[]): NodeBox {
  const { font, padX, maxWidth } = BOX;
  let width = box.width;
  for (const r of rows)
    width = Math.max(
      width,
      textWidth(`${r.key} `, font, true) + textWidth(r.value, font) + 2 * padX,
    );
  width = Math.ceil(Math.min(maxWidth, width));
  const inner = width - 2 * padX;
  const fitted = rows.map((r) => ({
    key: r.key,
    value: fitText(r.value, font, Math.max(10, inner - textWidth(`${r.key} `, font, true))),
  }));
  const extra = fitted.length * BOX.row + (box.rows.length ? 0 : 2 * BOX.padY);
  return { ...box, rows: [...box.rows, ...fitted], width, height: box.height + extra };
}

/** A small chip for a value entering or leaving an expanded group. */
export function chipBox(name: string, label: string | null): NodeBox {
  // One width for every chip: equal blocks then have equal insides, laid out once per run.
  const width = 150;
  return {
    title: fitText(name, 10, width - 12),
    subtitle: label,
    rows: [],
    category: 'io',
    width,
    height: 18,
  };
}

/** A collapsed group's box: its name, how many blocks it stands for and its node count. */
export function groupBox(label: string, detail: string): NodeBox {
  const width = Math.ceil(
    Math.min(
      BOX.maxWidth,
      Math.max(210, textWidth(label, BOX.headerFont, true), textWidth(detail, BOX.font)) +
        2 * BOX.padX +
        18,
    ),
  );
  return {
    title: fitText(label, BOX.headerFont, width - 2 * BOX.padX - 18, true),
    subtitle: fitText(detail, BOX.font, width - 2 * BOX.padX),
    rows: [],
    category: 'other',
    width,
    height: BOX.header + BOX.row + 6,
  };
}
