import type { ReactNode } from 'react';

/** A column heading; numeric columns align right (the `num` class). */
export type Column = string | { title: string; numeric: true };

/**
 * The app's data grid: a table named for screen readers, one heading row of column headers, the rows
 * the caller renders, and an optional footer row.
 */
export function DataTable({
  label,
  columns,
  className = 'grid',
  footer,
  children,
}: {
  label: string;
  columns: readonly Column[];
  className?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th key={column} scope="col">
                {column}
              </th>
            ) : (
              <th key={column.title} scope="col" className="num">
                {column.title}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
}
