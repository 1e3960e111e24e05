/**
 * Colours of a chart's series (one per streams × threads curve …), in order: the Results
 * page's seq chart and the reports' SVG charts draw with the same ones.
 */
export const SERIES_PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
] as const;
