import type { RunSummary } from '../../../core/api/contract';
/** Number formatting shared by tables and charts: exact enough to read, short enough to scan. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatShape(shape: ReadonlyArray<number | string | null> | null): string {
  return shape
    ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`
    : '(unknown rank)';
}

/** A run's status as a list shows it; a damaged run says why. */
export function runStatusText(r: Pick<RunSummary, 'status' | 'problem'>): string {
  return r.status === 'damaged' && r.problem ? `damaged: ${r.problem}` : r.status;
}
