/**
 * How the graph view looks: op categories and their colours (assets/op-metadata.json, the one
 * source), the theme palette, and the heat scale. The screen, the SVG/PNG export and
 * `sparsescope graph` all draw with these, so a file and the window show the same colours.
 */
import metadata from '../../assets/op-metadata.json';

export type GraphTheme = 'light' | 'dark';

export type OpCategory = keyof typeof metadata.categories;

export const OP_CATEGORIES = Object.keys(metadata.categories) as OpCategory[];

const CATEGORY_OF = new Map<string, OpCategory>();
for (const [category, ops] of Object.entries(metadata.ops))
  for (const op of ops) if (!CATEGORY_OF.has(op)) CATEGORY_OF.set(op, category as OpCategory);

/** An op type's category; domain-qualified and unknown ops fall back by name, then 'other'. */
export function opCategory(opType: string): OpCategory {
  return CATEGORY_OF.get(opType) ?? (/MatMul|Gemm|Conv/.test(opType) ? 'layer' : 'other');
}

const INPUT_NAMES = metadata.inputs as Record<string, string[] | undefined>;

/** The specification's name of an op's input (`B` of MatMul), when the metadata knows it. */
export function inputName(opType: string, index: number): string | null {
  return INPUT_NAMES[opType]?.[index] ?? null;
}

export function categoryLabel(category: OpCategory): string {
  return metadata.categories[category].label;
}

export function categoryColor(category: OpCategory, theme: GraphTheme): string {
  return metadata.categories[category][theme];
}

/** Every colour the drawing uses besides categories and heat. */
export interface GraphPalette {
  background: string;
  nodeFill: string;
  nodeStroke: string;
  headerText: string;
  text: string;
  muted: string;
  edge: string;
  edgeLabel: string;
  frameFill: string;
  frameStroke: string;
  selected: string;
  related: string;
  found: string;
  dimmed: string;
}

const PALETTES: Record<GraphTheme, GraphPalette> = {
  light: {
    background: '#ffffff',
    nodeFill: '#ffffff',
    nodeStroke: '#8a939e',
    headerText: '#ffffff',
    text: '#1b1f24',
    muted: '#5b6472',
    edge: '#6b7480',
    edgeLabel: '#4a525c',
    frameFill: '#f1f4f8',
    frameStroke: '#a9b3bf',
    selected: '#0b6bcb',
    related: '#d97706',
    found: '#16a34a',
    dimmed: '#d5d9de',
  },
  dark: {
    background: '#14171c',
    nodeFill: '#1f242c',
    nodeStroke: '#59626e',
    headerText: '#ffffff',
    text: '#e6e9ee',
    muted: '#9aa4b2',
    edge: '#8892a0',
    edgeLabel: '#aab3bf',
    frameFill: '#191d23',
    frameStroke: '#4a525e',
    selected: '#58a6ff',
    related: '#f59e0b',
    found: '#4ade80',
    dimmed: '#30363f',
  },
};

export function graphPalette(theme: GraphTheme): GraphPalette {
  return PALETTES[theme];
}

/**
 * The heat scale, cool to hot (a sequential scale after matplotlib's "inferno", cut at both
 * ends so white text stays readable on every step).
 */
const HEAT_STOPS = ['#2c115f', '#5c126e', '#8a226a', '#b73759', '#dd513a', '#f3771a', '#f9a50b'];

/** The heat colour of t in 0..1 (clamped), interpolated between the scale's stops. */
export function heatColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(HEAT_STOPS[i]!);
  const b = hex(HEAT_STOPS[i + 1]!);
  return `#${a
    .map((c, k) =>
      Math.round(c + (b[k]! - c) * f)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function hex(color: string): number[] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
}
