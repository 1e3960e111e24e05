import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';

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
  /** Text the table's filter matches in this column. */
  filterText?: (row: T) => string;
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
  /** Show only rows where some column's filterText contains this (case-insensitive). */
  filter?: string;
  /** Sorting to start with, e.g. [{ id: 'time', desc: true }]. */
  initialSort?: SortingState;
  /**
   * Render only the rows in view (TanStack Virtual): for tables of thousands of rows. The
   * table scrolls inside a box of `height` px; rows are `rowHeight` px tall.
   */
  virtual?: { height: number; rowHeight: number };
  /** A row was clicked (or chosen with Enter): e.g. to focus its node elsewhere. */
  onRowClick?: (row: T) => void;
}

/** Rows rendered beyond each edge of a virtual table's box. */
const OVERSCAN = 6;

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
  filter = '',
  initialSort = [],
  virtual,
  onRowClick,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort);
  const defs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: () => c.header,
        enableSorting: c.sortValue !== undefined,
        ...(c.sortValue ? { accessorFn: c.sortValue, sortUndefined: 'last' as const } : {}),
      })),
    [columns],
  );
  const table = useReactTable<T>({
    data: rows as T[],
    columns: defs,
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    state: { sorting, globalFilter: filter },
    globalFilterFn: (row, _id, value: string) => {
      const needle = value.toLowerCase();
      return columns.some((c) => c.filterText?.(row.original).toLowerCase().includes(needle));
    },
    getColumnCanGlobalFilter: () => true,
    getRowId: rowKey,
  });
  const spec = new Map(columns.map((c) => [c.id, c]));
  const rowsShown = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtual ? rowsShown.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => virtual?.rowHeight ?? 24,
    overscan: OVERSCAN,
  });
  // A stable handler, so a parent's fresh closure does not re-render every memoised row.
  const clickRef = useRef(onRowClick);
  clickRef.current = onRowClick;
  const choose = useCallback((row: T) => clickRef.current?.(row), []);
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const before = items && items.length ? items[0]!.start : 0;
  const after =
    items && items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const visible: Row<T>[] = items ? items.map((i) => rowsShown[i.index]!) : rowsShown;
  // A virtual table keys its rows by slot (index modulo the most rows in view), not by row: a
  // scroll then rewrites the text of the rows it reuses instead of rebuilding them, which
  // halves a scroll step's cost; rows still in view keep their slot and do not re-render.
  const slots = virtual
    ? Math.max(items!.length, Math.ceil(virtual.height / virtual.rowHeight) + 2 * OVERSCAN + 2)
    : 0;
  const tableEl = (
    <table
      className={compact ? 'table compact' : 'table'}
      aria-label={label}
      aria-rowcount={virtual ? rowsShown.length + 1 : undefined}
    >
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
        {before > 0 && (
          <tr aria-hidden="true" style={{ height: before }}>
            <td colSpan={columns.length} />
          </tr>
        )}
        {visible.map((row, i) => (
          <DataRow
            key={virtual ? `slot${items![i]!.index % slots}` : row.id}
            row={row}
            columns={columns}
            selected={selectedKey === null ? undefined : row.id === selectedKey}
            height={virtual?.rowHeight}
            onChoose={onRowClick ? choose : undefined}
          />
        ))}
        {after > 0 && (
          <tr aria-hidden="true" style={{ height: after }}>
            <td colSpan={columns.length} />
          </tr>
        )}
      </tbody>
    </table>
  );
  if (!virtual) return tableEl;
  return (
    <div className="table-scroll" ref={scroller} style={{ height: virtual.height }}>
      {tableEl}
    </div>
  );
}

interface DataRowProps<T> {
  row: Row<T>;
  columns: readonly Column<T>[];
  selected: boolean | undefined;
  height: number | undefined;
  onChoose: ((row: T) => void) | undefined;
}

/** One body row; memoised, so a re-render of the table (a scroll) skips rows that did not change. */
const DataRow = memo(function DataRow<T>({
  row,
  columns,
  selected,
  height,
  onChoose,
}: DataRowProps<T>) {
  return (
    <tr
      data-key={row.id}
      aria-selected={selected}
      style={height === undefined ? undefined : { height }}
      className={onChoose ? 'clickable' : undefined}
      tabIndex={onChoose ? 0 : undefined}
      onClick={onChoose ? () => onChoose(row.original) : undefined}
      onKeyDown={
        onChoose
          ? (e) => {
              if (e.key === 'Enter') onChoose(row.original);
            }
          : undefined
      }
    >
      {columns.map((c) => {
        const className = [c.numeric ? 'num' : '', c.cellClass?.(row.original) ?? '']
          .join(' ')
          .trim();
        return (
          <td key={c.id} className={className || undefined} title={c.cellTitle?.(row.original)}>
            {c.cell(row.original)}
          </td>
        );
      })}
    </tr>
  );
}) as <T>(props: DataRowProps<T>) => ReactNode;
