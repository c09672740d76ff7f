import type { FieldChanges } from '@/lib/audit/append-audit';
import { nameOf } from '@/lib/audit/audit-names';

/** Ids the page can name (lib/audit/audit-names.ts): shown as today's name, the id kept for reference. */
export type AuditNames = Readonly<Record<string, string>>;

function Value({ value, names }: { value: unknown; names: AuditNames }) {
  if (value === null || value === undefined || value === '') return <>(empty)</>;
  if (typeof value !== 'string') return <span className="font-mono">{JSON.stringify(value)}</span>;
  const name = nameOf(names, value);
  return name ? (
    <>
      {name} <span className="text-muted">({value})</span>
    </>
  ) : (
    <>{value}</>
  );
}

/** A record change's fields with their values before and after, as a list a screen reader reads in order. */
export function FieldChangeList({ changes, names = {} }: { changes: FieldChanges; names?: AuditNames }) {
  return (
    <ul className="list-none p-0">
      {Object.entries(changes).map(([field, { before, after }]) => (
        <li key={field}>
          <span className="font-semibold">{field}</span>: <Value value={before} names={names} /> <span aria-hidden="true">→</span>
          <span className="sr-only">changed to</span> <Value value={after} names={names} />
        </li>
      ))}
    </ul>
  );
}

/** An entry's details (what was switched, exported, signed in with…) as "key: value" lines, not raw JSON. */
export function AuditDetails({ data, names = {} }: { data: unknown; names?: AuditNames }) {
  if (data === null || data === undefined) return null;
  if (typeof data !== 'object' || Array.isArray(data)) return <span className="font-mono">{JSON.stringify(data)}</span>;
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <ul className="list-none p-0">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="font-semibold">{key}</span>: <Value value={value} names={names} />
        </li>
      ))}
    </ul>
  );
}
