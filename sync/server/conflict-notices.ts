import 'server-only';
import { createHash } from 'node:crypto';
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database, Queryable } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { logger } from '@/lib/observability/logger';
import { COLLECTIONS, type AnyWireDoc } from '@/sync/schema/collections';
import {
  CONFLICT_NOTICE_DAYS,
  MAX_CONFLICT_NOTICES,
  type ConflictAuthor,
  type ConflictAuthors,
  type ConflictNotice,
  type ConflictNoticesResponse,
} from '@/sync/schema/conflict-notice';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { changedFields } from '@/sync/schema/json-equal';
import { threeWayMerge, type Doc, type MergeConflict } from '@/sync/schema/three-way-merge';
import { readPersonScope } from './scope-people';
import { inScopeSql, scopeRefs } from './scoped-pull';

/** The Postgres NOTIFY channel telling a person's live streams that they have a new notice (payload `{"t": tenantId, "u": userId}`). */
export const CONFLICT_NOTICES_CHANNEL = 'crm_conflict_notices';

/** A push row answered "conflict": what it started from, the server's record, and what it sent. */
export interface ConflictedRow {
  assumed: AnyWireDoc | undefined;
  server: AnyWireDoc;
  next: AnyWireDoc;
}

/** Instants as the wire spells them (UTC, milliseconds, Z). */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

type KeptChange = {
  id: string;
  actor_id: string | null;
  source: string;
  workflow_id: string | null;
  at: string;
  actor_name: string | null;
  workflow_name: string | null;
};

/**
 * The change that made the value which stayed: the field's last change, the deletion, or (a
 * deletion that lost) the last change of a field the server changed since the pusher's copy.
 */
async function keptChange(tx: Queryable, tenantId: string, collection: string, recordId: string, c: MergeConflict, serverChanged: string[]): Promise<KeptChange | null> {
  const { rows } = await tx.query<KeptChange>(
    `SELECT c.id::text AS id, c.actor_id, c.source, c.workflow_id, to_char(c.occurred_at AT TIME ZONE 'UTC', ${ISO}) AS at,
            u.name AS actor_name, w.name AS workflow_name
       FROM record_changes c
       LEFT JOIN memberships m ON m.tenant_id = c.tenant_id AND m.user_id = c.actor_id
       LEFT JOIN users u ON u.id = m.user_id
       LEFT JOIN workflows w ON w.tenant_id = c.tenant_id AND w.id = c.workflow_id
      WHERE c.tenant_id = $1 AND c.collection = $2 AND c.record_id = $3
        AND CASE $4::text WHEN 'field' THEN $5 = ANY (c.changed_fields) WHEN 'deleted-on-server' THEN c.op = 'delete'
                          ELSE c.changed_fields && $6::text[] END
      ORDER BY c.id DESC LIMIT 1`,
    [tenantId, collection, recordId, c.kind, c.field, serverChanged],
  );
  return rows[0] ?? null;
}

/** Who made a change, in words for the person reading the conflict. */
function authorWords(k: KeptChange): string | null {
  if (k.actor_id) return k.actor_name;
  if (k.workflow_id) return `the workflow “${k.workflow_name ?? 'deleted'}”`;
  if (k.source === 'api') return 'an API client';
  if (k.source === 'import') return 'an import';
  return 'the system';
}

function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * Runs the phone's own merge (three-way-merge.ts) over the rows a push answered "conflict",
 * and keeps each value the pusher's phone will set aside in record_conflicts with who made the
 * change that stayed and when. Returns those authors by row id, for the push answer. Each
 * person whose value stayed (not the pusher, not the system) is told at commit, on their live
 * streams. A replayed push stores nothing twice. A row without the state it started from
 * (assumedMasterState) cannot be merged fairly, so it is not noted. Telling is a courtesy:
 * when it fails, it is undone alone (a savepoint) and logged, and the push goes on.
 */
export async function noteConflicts(tx: Queryable, ctx: SessionContext, def: CollectionDef, rows: readonly ConflictedRow[]): Promise<Map<string, ConflictAuthors>> {
  await tx.query('SAVEPOINT note_conflicts');
  try {
    const authors = await noteAll(tx, ctx, def, rows);
    await tx.query('RELEASE SAVEPOINT note_conflicts');
    return authors;
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT note_conflicts');
    logger().error({ err, tenantId: ctx.tenantId, collection: def.name }, 'conflict notices not noted');
    return new Map();
  }
}

async function noteAll(tx: Queryable, ctx: SessionContext, def: CollectionDef, rows: readonly ConflictedRow[]): Promise<Map<string, ConflictAuthors>> {
  const authors = new Map<string, ConflictAuthors>();
  const told = new Set<string>();
  for (const { assumed, server, next } of rows) {
    if (!assumed) continue;
    const { conflicts } = threeWayMerge(def.fieldNames, assumed as Doc, server as Doc, next as Doc);
    if (conflicts.length === 0) continue;
    const serverChanged = changedFields(def.fieldNames, assumed, server);
    const byField: ConflictAuthors = {};
    for (const c of conflicts) {
      const kept = await keptChange(tx, ctx.tenantId, def.name, server.id, c, serverChanged);
      byField[c.field] = { who: kept ? authorWords(kept) : null, at: kept?.at ?? null, ...(kept?.actor_id === ctx.userId ? { self: true as const } : {}) };
      const lostValue = c.kind === 'deleted-on-server' ? next : c.localValue;
      const keptValue = c.kind === 'delete-overridden' ? server : c.serverValue;
      // Values as zod parsed them (keys in schema order), so a replay hashes the same.
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([def.name, server.id, c.field, ctx.userId, lostValue ?? null, kept?.id ?? null, keptValue ?? null]))
        .digest('hex');
      const inserted = await tx.query<{ kept_by: string | null }>(
        `INSERT INTO record_conflicts (tenant_id, collection, record_id, field, kind, lost_value, kept_value, lost_by, lost_at,
                                       kept_change_id, kept_by, kept_source, kept_workflow_id, kept_at, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (tenant_id, fingerprint) DO NOTHING
         RETURNING kept_by`,
        [
          ctx.tenantId,
          def.name,
          server.id,
          c.field,
          c.kind,
          JSON.stringify(lostValue ?? null),
          JSON.stringify(keptValue ?? null),
          ctx.userId,
          instantOrNull(next.updatedAt),
          kept?.id ?? null,
          kept?.actor_id ?? null,
          kept?.source ?? null,
          kept?.workflow_id ?? null,
          kept?.at ?? null,
          fingerprint,
        ],
      );
      const keptBy = inserted.rows[0]?.kept_by;
      if (keptBy && keptBy !== ctx.userId) told.add(keptBy);
    }
    authors.set(server.id, byField);
  }
  for (const u of told) await tx.query('SELECT pg_notify($1, $2)', [CONFLICT_NOTICES_CHANNEL, JSON.stringify({ t: ctx.tenantId, u })]);
  return authors;
}

type NoticeRow = {
  id: string;
  xid: string;
  collection: string;
  record_id: string;
  kind: ConflictNotice['kind'];
  field: string;
  lost_value: unknown;
  kept_value: unknown;
  lost_at: string | null;
  lost_by_name: string | null;
  noticed_at: string;
};

/**
 * SQL: whether notice `rc`'s record is in the reader's sync scope now (the same definition as
 * the pull: a record handed to someone else since is not the reader's to see). `refs` null:
 * the reader holds the whole tenant.
 */
function recordInScopeSql(refs: ReturnType<typeof scopeRefs>['refs'] | null): string {
  if (!refs) return 'true';
  const ways = Object.values(COLLECTIONS).map((c) => {
    const def = c as unknown as CollectionDef;
    const visible = def.ownerField ? inScopeSql(def, 'r', refs) : 'true';
    return `WHEN '${def.name}' THEN EXISTS (SELECT 1 FROM ${def.table} r WHERE r.tenant_id = rc.tenant_id AND r.id = rc.record_id AND ${visible})`;
  });
  return `CASE rc.collection ${ways.join(' ')} ELSE false END`;
}

/**
 * The notices of the signed-in person after `after`: values of other people set aside because
 * this person's change stayed, from the last CONFLICT_NOTICE_DAYS, of records in their sync
 * scope now, in (transaction, id) order. Only notices of transactions older than every one still
 * running are handed out (as the pull does, 0004_sync.sql): an id is taken at insert, so a
 * notice committed after a later one would otherwise fall behind a cursor for good. Only
 * notices naming this person as the author of the value that stayed; another tenant's are
 * invisible (row-level security and the tenant condition).
 */
export async function listConflictNotices(ctx: SessionContext, after: string, db?: Database): Promise<ConflictNoticesResponse> {
  const [afterXid, afterId] = after.split('.');
  const rows = await withTenant(
    ctx.tenantId,
    async (tx) => {
      const person = await readPersonScope(tx, ctx.tenantId, ctx.userId);
      const scoped = person.scope === 'all' ? null : scopeRefs(person, 7, 8);
      return (
        await tx.query<NoticeRow>(
          `SELECT rc.id::text AS id, rc.change_xid::text AS xid, rc.collection, rc.record_id, rc.kind, rc.field, rc.lost_value, rc.kept_value,
                  to_char(rc.lost_at AT TIME ZONE 'UTC', ${ISO}) AS lost_at, u.name AS lost_by_name,
                  to_char(rc.noticed_at AT TIME ZONE 'UTC', ${ISO}) AS noticed_at
             FROM record_conflicts rc
             LEFT JOIN memberships m ON m.tenant_id = rc.tenant_id AND m.user_id = rc.lost_by
             LEFT JOIN users u ON u.id = m.user_id
            WHERE rc.tenant_id = $1 AND rc.kept_by = $2 AND rc.lost_by <> $2
              AND (rc.change_xid, rc.id) > ($3::xid8, $4::bigint)
              AND rc.change_xid < pg_snapshot_xmin(pg_current_snapshot())
              AND rc.noticed_at > now() - make_interval(days => $5)
              AND ${recordInScopeSql(scoped?.refs ?? null)}
            ORDER BY rc.change_xid, rc.id LIMIT $6`,
          [ctx.tenantId, ctx.userId, afterXid, afterId, CONFLICT_NOTICE_DAYS, MAX_CONFLICT_NOTICES, ...(scoped?.values ?? [])],
        )
      ).rows;
    },
    db,
  );
  const notices = rows.map(
    (r): ConflictNotice => ({
      id: r.id,
      collection: r.collection,
      recordId: r.record_id,
      kind: r.kind,
      field: r.field,
      lostValue: r.lost_value,
      keptValue: r.kept_value,
      other: { who: r.lost_by_name, at: r.lost_at } satisfies ConflictAuthor,
      noticedAt: r.noticed_at,
    }),
  );
  const last = rows.at(-1);
  return { notices, cursor: last ? `${last.xid}.${last.id}` : after };
}
