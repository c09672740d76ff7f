import type { ReactNode } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';

/**
 * A documentation table: a visible caption that also names its scrolling region, column
 * headers, and row headers in the first column. Scrolls inside itself at phone width; at most
 * 48 rem wide, so a long cell stays under 80 characters a line (WCAG 1.4.8).
 */
export function DocTable({ id, caption, columns, children }: { id: string; caption: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="max-w-3xl">
      <ScrollRegion aria-labelledby={id} className="rounded-lg border border-line bg-raised shadow-card focus-visible:outline-solid focus-visible:outline-3 focus-visible:outline-focus">
        <table className="w-full border-collapse text-start">
          <caption id={id} className="px-3 py-2 text-start font-semibold text-text">
            {caption}
          </caption>
          <thead className="bg-surface">
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className="whitespace-nowrap px-3 py-2 text-start text-body-sm font-semibold text-muted">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

export const rowClass = 'border-t border-line align-middle';
export const headerCell = 'px-3 py-2 text-start font-normal';
export const cell = 'px-3 py-2';
