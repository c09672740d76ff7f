'use client';

import { Checkbox } from '@/components/ui/checkbox';

export interface GridAxis {
  id: string;
  label: string;
}

export interface CheckboxGridProps {
  /** Names the table (a visible caption). */
  caption: string;
  /** The first column's header, e.g. "Resource". */
  rowHeader: string;
  rows: readonly GridAxis[];
  columns: readonly GridAxis[];
  isSelected: (row: string, column: string) => boolean;
  onChange: (row: string, column: string, selected: boolean) => void;
  isInvalid?: boolean;
  /** The id of the error message, tied to every box while the choice is invalid. */
  errorId?: string;
}

/**
 * A choice of many boxes laid out as a table, e.g. resources × read/write: the row and column
 * headers are the visible labels, and each box is named by both ("Read contacts") for screen
 * readers and speech input. Every box is a 44 px target. Narrow columns (small column headers,
 * little padding) keep the widest grid, records × created/updated/deleted, inside a 320 px
 * screen (WCAG 1.4.10); should a wide font still overflow, it scrolls inside its own
 * box (every cell holds a focusable box, so the keyboard reaches all of it), never the page.
 */
export function CheckboxGrid({ caption, rowHeader, rows, columns, isSelected, onChange, isInvalid, errorId }: CheckboxGridProps) {
  return (
    // `relative`: the visually hidden inputs are absolutely positioned and must stay inside the scroller.
    <div className="relative max-w-full overflow-x-auto">
      <table className="border-collapse text-start">
        <caption className="pb-1 text-start font-semibold text-text">{caption}</caption>
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className="px-1 py-1 text-start text-body-sm font-semibold text-muted">
              {rowHeader}
            </th>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="px-0.5 py-1 text-center text-caption font-semibold text-muted">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-line">
              <th scope="row" className="px-1 text-start font-normal">
                {r.label}
              </th>
              {columns.map((c) => (
                <td key={c.id} className="px-0.5">
                  <div className="flex justify-center">
                    <Checkbox
                      isSelected={isSelected(r.id, c.id)}
                      onChange={(selected) => onChange(r.id, c.id, selected)}
                      isInvalid={isInvalid}
                      aria-describedby={isInvalid ? errorId : undefined}
                      className="justify-center"
                    >
                      <span className="sr-only">
                        {c.label} {r.label.toLowerCase()}
                      </span>
                    </Checkbox>
                  </div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
