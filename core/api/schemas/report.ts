import { z } from 'zod';
import { REPORT_SECTIONS } from '../names';

/**
 * The SparseScope report document, version 1: what `sparsescope report --format json` writes
 * and what every other format (HTML, PDF, CSV, Markdown) is rendered from (core/report). One
 * document describes one or more inputs — sweeps, imported results, profiles — as sections of
 * prose, tables and chart data. Every number is in a table, at full precision, so a reader
 * without SparseScope has all of them; the HTML and Markdown show them rounded by the
 * column's format, the CSV and JSON as computed.
 *
 * The numbers come from the functions the Results and Profile pages use (core/views), never
 * from a second computation.
 */

export const REPORT_DOCUMENT_VERSION = 1;

/**
 * How a column's numbers read for people (HTML, Markdown); CSV and JSON keep the raw value.
 * fps: 2 decimals; ms: 3 decimals; ratio: 3 decimals and "×"; share: a fraction shown as a
 * percentage with 1 decimal; bytes: KiB/MiB/GiB; flops: GFLOP (MFLOP below 0.1 G) with 3 decimals; number: 3
 * decimals; int and text as they are; bool: yes/no.
 */
export const COLUMN_FORMATS = [
  'text',
  'int',
  'fps',
  'ms',
  'ratio',
  'share',
  'bytes',
  'flops',
  'number',
  'bool',
] as const;
export type ColumnFormat = (typeof COLUMN_FORMATS)[number];

/** How a table cell is marked: within noise (greyed, "≈"), coloured by its speedup, the best configuration. */
export const CELL_MARKS = ['noise', 'heat', 'best'] as const;
export type CellMark = (typeof CELL_MARKS)[number];

const cellValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof cellValue>;

const columnSchema = z.object({
  /** Column name in CSV headers and JSON readers: snake_case. */
  key: z.string().min(1),
  label: z.string(),
  format: z.enum(COLUMN_FORMATS),
});
export type ReportColumn = z.infer<typeof columnSchema>;

export const reportTableSchema = z.object({
  /** Unique in the document and file-name safe: the CSV file is `<id>.csv`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  columns: z.array(columnSchema),
  /** One array per row, one value per column. */
  rows: z.array(z.array(cellValue)),
  /** Per row and column, how the cell is marked (null = plain); absent when nothing is. */
  marks: z.array(z.array(z.enum(CELL_MARKS).nullable())).optional(),
  /** What the table shows and how it was computed, in a sentence or two. */
  caption: z.string().nullable(),
});
export type ReportTable = z.infer<typeof reportTableSchema>;

const interval = z.object({ low: z.number(), high: z.number() }).nullable();

/** Speedup (or any ratio) against x, one series per configuration, with 95% intervals. */
const linesChartSchema = z.object({
  kind: z.literal('lines'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  x_label: z.string(),
  y_label: z.string(),
  /** Draw x on a log scale (sequence lengths). */
  x_log: z.boolean(),
  /** A horizontal reference line (1.0 for speedups), or null. */
  reference_y: z.number().nullable(),
  series: z.array(
    z.object({
      label: z.string(),
      points: z.array(
        z.object({ x: z.number(), y: z.number(), ci: interval, within_noise: z.boolean() }),
      ),
    }),
  ),
});

/** Throughput against latency with the latency budget and the best configuration under it. */
const scatterChartSchema = z.object({
  kind: z.literal('scatter'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  x_label: z.string(),
  y_label: z.string(),
  /** The budget line's x, or null. */
  budget_x: z.number().nullable(),
  points: z.array(
    z.object({
      label: z.string(),
      x: z.number(),
      y: z.number(),
      kind: z.enum(['best', 'inside', 'outside']),
    }),
  ),
});

/** Shares or values per label, as horizontal bars (op types, kernels). */
const barsChartSchema = z.object({
  kind: z.literal('bars'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  value_label: z.string(),
  format: z.enum(COLUMN_FORMATS),
  bars: z.array(z.object({ label: z.string(), value: z.number() })),
});

export const reportChartSchema = z.discriminatedUnion('kind', [
  linesChartSchema,
  scatterChartSchema,
  barsChartSchema,
]);
export type ReportChart = z.infer<typeof reportChartSchema>;
export type LinesChart = z.infer<typeof linesChartSchema>;
export type ScatterChart = z.infer<typeof scatterChartSchema>;
export type BarsChart = z.infer<typeof barsChartSchema>;

/** One part of a section: what it is about (a run, a profile, a comparison), its prose, tables and charts. */
const blockSchema = z.object({
  title: z.string().nullable(),
  paragraphs: z.array(z.string()),
  tables: z.array(reportTableSchema),
  charts: z.array(reportChartSchema),
});
export type ReportBlock = z.infer<typeof blockSchema>;

export const reportSectionSchema = z.object({
  id: z.enum(REPORT_SECTIONS),
  title: z.string(),
  blocks: z.array(blockSchema),
});
export type ReportSectionDoc = z.infer<typeof reportSectionSchema>;

/** What a report was made from. */
const reportInputSchema = z.object({
  kind: z.enum(['sweep', 'results', 'profile']),
  /** "A", "B", … when the report compares inputs of one kind; else null. */
  role: z.string().nullable(),
  name: z.string(),
  /** The file or folder it was read from, when known. */
  path: z.string().nullable(),
  /** Its id in the workspace it came from, when it came from one. */
  id: z.string().nullable(),
  /** One line for people: "504/504 cells, 0 failed" or "ORT profile, 42 nodes". */
  detail: z.string(),
});
export type ReportInputDoc = z.infer<typeof reportInputSchema>;

export const reportDocumentSchema = z.object({
  version: z.literal(REPORT_DOCUMENT_VERSION),
  kind: z.literal('sparsescope-report'),
  title: z.string(),
  /** ISO time the report was made. */
  generated_at: z.string(),
  generator: z.object({ sparsescope_version: z.string(), node: z.string() }),
  inputs: z.array(reportInputSchema),
  /** The latency budget the sweet spot used (ms), given or chosen as the middle of the measured range. */
  budget_ms: z.number().nullable(),
  /** Free text the author added. */
  notes: z.string().nullable(),
  /** One line per fact the reader should see first: best configuration, biggest speedup … */
  highlights: z.array(z.string()),
  sections: z.array(reportSectionSchema),
});
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/** Ids name workspace files: a run id or a profile id ("p-…", "sweep~RUN~CELL"). */
const inputId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,300}$/, 'a run or profile id');

/**
 * A report request (report-api.ts's ReportRequest) as the host validates it and as the report
 * index stores it: at most 16 inputs, sections from REPORT_SECTIONS, bounded texts.
 */
export const reportRequestSchema = z.strictObject({
  runs: z.array(inputId).max(16),
  profiles: z.array(inputId).max(16),
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1).max(REPORT_SECTIONS.length).optional(),
  title: z.string().max(200).optional(),
  budgetMs: z.number().finite().positive().max(1e9).optional(),
  notes: z.string().max(20_000).optional(),
});
