import { useEffect } from 'react';
import type { BenchResult } from '../../../../core/api/contract';
import { useStore } from '../../store/index';

/** The results of one run, fetched once and refreshed by the store as cells finish. */
export function useRunResults(id: string | null): BenchResult[] | null {
  const detail = useStore((s) => (id ? s.details[id] : undefined));
  const load = useStore((s) => s.loadRunDetail);
  useEffect(() => {
    if (id && !detail) void load(id);
  }, [id, detail, load]);
  return id ? (detail?.results ?? null) : null;
}
