import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState, type ReactNode } from 'react';

/** One column of a DataTable: its header, how a row shows in it, and how it sorts. */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** What the column sorts by; a column without one does not sort. */
  sortValue?: (row: T) => number | string | null;
  /** Extra class of a row's cell, e.g. 'gain' / 'loss'. */
  cellClass?: (row: T) => string | undefined;
  /** Tooltip of a row's cell. */
  cellTitle?: (row: T) => string | undefined;
}

export interface DataTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** The key of the row to mark selected (aria-selected). */
  selectedKey?: string | null;
  compact?: boolean;
  /** No header row (two-column fact lists). */
  headless?: boolean;
}

/**
 * The one table of the app, driven by column specs (TanStack Table underneath): sortable
 * columns sort on a click of their header, with aria-sort for screen readers.
 */
export function DataTable<T>({
  label,
  rows,
  columns,
  rowKey,
  selectedKey = null,
  compact = false,
  headless = false,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const defs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: () => c.header,
        cell: (ctx) => c.cell(ctx.row.original),
        enableSorting: c.sortValue !== undefined,
        ...(c.sortValue ? { accessorFn: c.sortValue, sortUndefined: 'last' as const } : {}),
      })),
    [columns],
  );
  const table = useReactTable<T>({
    data: rows as T[],
    columns: defs,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: rowKey,
  });
  const spec = new Map(columns.map((c) => [c.id, c]));
  return (
    <table className={compact ? 'table compact' : 'table'} aria-label={label}>
      {!headless && (
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    scope="col"
                    className={spec.get(h.column.id)?.numeric ? 'num' : undefined}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    {h.column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort"
                        onClick={h.column.getToggleSortingHandler()}
                      >
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span aria-hidden="true">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </span>
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
      )}
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            aria-selected={selectedKey === null ? undefined : row.id === selectedKey}
          >
            {row.getVisibleCells().map((cell) => {
              const c = spec.get(cell.column.id)!;
              const extra = c.cellClass?.(row.original);
              const className = [c.numeric ? 'num' : '', extra ?? ''].join(' ').trim();
              return (
                <td
                  key={cell.id}
                  className={className || undefined}
                  title={c.cellTitle?.(row.original)}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
