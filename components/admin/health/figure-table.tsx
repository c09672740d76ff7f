import type { ReactNode } from 'react';
import { formatUtc } from '@/lib/design/dates';

/** "22 Nov 2026, 06:58 UTC" (lib/design/dates.ts); "—" for none. */
export function utc(iso: string | null | undefined): string {
  return formatUtc(iso);
}

/** A status in words and colour (never colour alone, WCAG 1.4.1). */
export function Status({ ok, okText = 'OK', badText = 'Failing' }: { ok: boolean | null; okText?: string; badText?: string }) {
  if (ok === null) return <span className="font-semibold">Running</span>;
  return <span className={ok ? 'font-semibold text-success' : 'font-semibold text-danger'}>{ok ? okText : badText}</span>;
}

/** A two-column table of named figures, captioned so screen readers announce what it holds. */
export function FigureTable({ caption, rows }: { caption: string; rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <table className="w-full max-w-prose border-collapse text-left">
      <caption className="sr-only">{caption}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label} className="border-b border-border">
            <th scope="row" className="p-2 font-semibold">
              {label}
            </th>
            <td className="p-2 tabular-nums">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A section with its h2, labelled for landmarks navigation. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
