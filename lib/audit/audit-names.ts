import 'server-only';
import type { Queryable } from '../db/types';
import type { AuditEntry } from './query-audit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id an entry shows: its record, and ids among its changed values and details. */
function idsOf(entries: readonly AuditEntry[]): string[] {
  const ids = new Set<string>();
  const take = (v: unknown) => {
    if (typeof v === 'string' && UUID.test(v)) ids.add(v.toLowerCase());
  };
  for (const e of entries) {
    take(e.targetId);
    for (const { before, after } of Object.values(e.changes ?? {})) {
      take(before);
      take(after);
    }
    if (e.data && typeof e.data === 'object') for (const v of Object.values(e.data)) take(v);
  }
  return [...ids];
}

/**
 * Names for the ids the audit page shows (members, records, pipelines, workflows), so an
 * auditor reads "Ann Lee" and "Acme renewal" rather than raw ids; ids it cannot name (erased,
 * or of no such kind) stay as they are. Only the tenant's own rows, and only its members'
 * names: `tx` is the tenant's transaction (RLS), and users are joined through memberships.
 * The names are today's, not those at the time of the entry. Look names up with
 * {@link nameOf}: the result has no prototype, but a value like "constructor" must never be
 * taken for a name.
 */
export async function auditNames(tx: Queryable, tenantId: string, entries: readonly AuditEntry[]): Promise<Record<string, string>> {
  const ids = idsOf(entries);
  if (ids.length === 0) return {};
  const { rows } = await tx.query<{ id: string; name: string }>(
    `SELECT u.id::text, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 WHERE u.id = ANY($2::uuid[])
     UNION ALL SELECT id::text, btrim(first_name || ' ' || last_name) FROM contacts WHERE tenant_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT id::text, name FROM companies WHERE tenant_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT id::text, name FROM deals WHERE tenant_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT id::text, subject FROM activities WHERE tenant_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT id::text, name FROM pipelines WHERE tenant_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT id::text, name FROM workflows WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  // Ids are unique per table only (phones choose them): an id found in two tables is not named.
  const found = new Map<string, string | null>();
  for (const r of rows) found.set(r.id, found.has(r.id) ? null : r.name || null);
  const names: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [id, name] of found) if (name) names[id] = name;
  return names;
}

/** The name of `value` when it is an id {@link auditNames} could name; undefined otherwise. */
export function nameOf(names: Readonly<Record<string, string>>, value: unknown): string | undefined {
  if (typeof value !== 'string' || !UUID.test(value)) return undefined;
  const key = value.toLowerCase();
  return Object.hasOwn(names, key) ? names[key] : undefined;
}
