import type { ReactNode } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';

export interface ChartTableRow {
  key: string;
  /** The row's name (a minute, a week, a stage): its row header. */
  header: string;
  cells: readonly ReactNode[];
}

/**
 * A chart's figures as a plain table with a visible caption, for anyone who would rather read
 * than look, and for screen readers (WCAG 1.1.1). Plain HTML so server pages render it without
 * JavaScript; it scrolls sideways inside its own region on a narrow phone.
 */
export function ChartTable({ id, caption, head, columns, rows }: { id: string; caption: string; head: string; columns: readonly string[]; rows: readonly ChartTableRow[] }) {
  return (
    <ScrollRegion aria-labelledby={id}>
      <table className="w-full border-collapse text-left">
        <caption id={id} className="text-left font-semibold">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className="p-2">
              {head}
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="p-2">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-b border-border">
              <th scope="row" className="p-2 font-normal">
                {r.header}
              </th>
              {r.cells.map((c, i) => (
                <td key={columns[i] ?? i} className="p-2 tabular-nums">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
