import type { FieldChanges } from '@/lib/audit/append-audit';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v));

/** A record change's fields with their values before and after, as a list a screen reader reads in order. */
export function FieldChangeList({ changes }: { changes: FieldChanges }) {
  return (
    <ul className="list-none p-0">
      {Object.entries(changes).map(([field, { before, after }]) => (
        <li key={field}>
          <span className="font-semibold">{field}</span>: {show(before)} <span aria-hidden="true">→</span>
          <span className="sr-only">changed to</span> {show(after)}
        </li>
      ))}
    </ul>
  );
}
