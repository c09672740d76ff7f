import 'server-only';
import type { Queryable } from '@/lib/db/types';
import { docJsonSql } from '@/lib/records/record-sql';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { Checkpoint } from '@/sync/schema/protocol';
import { readPersonScope, type PersonScope } from './scope-people';

type ScopedPerson = Exclude<PersonScope, { scope: 'all' }>;

type Position = { xid: string; seq: number };

/** (xid, seq) order of the change feed; xids compared as 64-bit integers. */
export function comparePositions(a: Position, b: Position): number {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  return ax < bx ? -1 : ax > bx ? 1 : a.seq - b.seq;
}

/**
 * SQL expressions naming one person's scope in a statement: `people`, a uuid[] (one person for
 * 'own' and 'territory', a team for 'team'); `territories`, a text[] of lower-case countries
 * (scope 'territory' only).
 */
export interface ScopeRefs {
  people: string;
  territories?: string;
}

/** The refs of `person`'s scope at parameters `$people` and (scope 'territory') `$territories`, and their values in that order. */
export function scopeRefs(person: ScopedPerson, people: number, territories: number): { refs: ScopeRefs; values: unknown[] } {
  if (person.scope !== 'territory') return { refs: { people: `$${people}::uuid[]` }, values: [person.people] };
  return { refs: { people: `$${people}::uuid[]`, territories: `$${territories}::text[]` }, values: [person.people, person.territories] };
}

/**
 * SQL: whether the record `r` of `def` is in the scope `refs`: owned by one of its people, or
 * (contacts and companies) linked to by one of their live deals or activities, or (a company)
 * by one of their contacts, or (scope 'territory') a company of one of its territories or a
 * record of such a company. The one definition of a scope: the pull, the push and the scope
 * tests all use it.
 */
export function inScopeSql(def: CollectionDef, r: string, refs: ScopeRefs): string {
  // coalesce: a record with no owner is in no one's own rows (NULL would read as neither in nor out).
  const owned = `coalesce(${r}.owner_id = ANY(${refs.people}), false)`;
  const linked = linkedSql(def, r, refs);
  return linked ? `(${owned} OR ${linked})` : owned;
}

/** Records of companies: their company decides their territory. */
const HAS_COMPANY = new Set(['contacts', 'deals', 'activities']);

/**
 * SQL: a company `c`'s territory, as companies_territory_idx indexes it (0020_territory_scope.sql):
 * its country, trimmed, in lower case. Members' territories are stored trimmed (members.ts).
 */
const territoryOf = (c: string) => `lower(btrim(${c}.country))`;

/** SQL: whether `r` (not owned) is in the scope `refs` through a link or a territory; null when nothing links to `def`. */
function linkedSql(def: CollectionDef, r: string, refs: ScopeRefs): string | null {
  const via = (table: string, column: string) =>
    `EXISTS (SELECT 1 FROM ${table} l WHERE l.tenant_id = ${r}.tenant_id AND l.${column} = ${r}.id AND l.owner_id = ANY(${refs.people}) AND NOT l.deleted)`;
  const ways: string[] = [];
  if (def.table === 'contacts') ways.push(via('deals', 'contact_id'), via('activities', 'contact_id'));
  if (def.table === 'companies') ways.push(via('deals', 'company_id'), via('activities', 'company_id'), via('contacts', 'company_id'));
  // A deleted company is in its territory still (its removal is answered), but its records are in none.
  if (refs.territories && def.table === 'companies') ways.push(`coalesce(${territoryOf(r)} = ANY(${refs.territories}), false)`);
  if (refs.territories && HAS_COMPANY.has(def.table)) {
    ways.push(`EXISTS (SELECT 1 FROM companies tc WHERE tc.tenant_id = ${r}.tenant_id AND tc.id = ${r}.company_id AND NOT tc.deleted AND ${territoryOf('tc')} = ANY(${refs.territories}))`);
  }
  return ways.length > 0 ? `(${ways.join(' OR ')})` : null;
}

/** SQL: the ids of the records of `def` in the scope `refs` through a link or a territory; null when nothing links to `def`. */
function linkedIdsSql(def: CollectionDef, tenant: string, refs: ScopeRefs): string | null {
  const from = (table: string, column: string) => `SELECT ${column} FROM ${table} WHERE tenant_id = ${tenant} AND owner_id = ANY(${refs.people}) AND NOT deleted AND ${column} IS NOT NULL`;
  const sets: string[] = [];
  if (def.table === 'contacts') sets.push(from('deals', 'contact_id'), from('activities', 'contact_id'));
  if (def.table === 'companies') sets.push(from('deals', 'company_id'), from('activities', 'company_id'), from('contacts', 'company_id'));
  if (refs.territories && def.table === 'companies') sets.push(`SELECT c.id FROM companies c WHERE c.tenant_id = ${tenant} AND ${territoryOf('c')} = ANY(${refs.territories})`);
  if (refs.territories && HAS_COMPANY.has(def.table)) {
    sets.push(
      `SELECT x.id FROM companies tc JOIN ${def.table} x ON x.tenant_id = tc.tenant_id AND x.company_id = tc.id
       WHERE tc.tenant_id = ${tenant} AND NOT tc.deleted AND ${territoryOf('tc')} = ANY(${refs.territories})`,
    );
  }
  return sets.length > 0 ? sets.join(' UNION ') : null;
}

/** SQL conditions on a move `m`: one per key the scope `refs` reads moves by (its people, its territories). */
function movesSql(refs: ScopeRefs): string[] {
  const keys = [`m.user_id = ANY(${refs.people})`];
  if (refs.territories) keys.push(`m.territory = ANY(${refs.territories})`);
  return keys;
}

/**
 * SQL: the rows of `def` linked to the scope `refs` after the checkpoint, in feed order, up to
 * `$4`. A first sync looks the whole linked set up by primary key and sorts it (written as a
 * join on the set, fenced by OFFSET 0, so the planner does not walk the tenant's whole feed
 * testing each row against the set: 4-8 s a page in a 1,000,000-record tenant, against
 * milliseconds); a copy that is up to date walks the few rows changed since its checkpoint
 * and tests each (the set would cost 10-20 ms a pull for a busy rep).
 */
function linkedRowsSql(def: CollectionDef, refs: ScopeRefs, linkedIds: string, firstSync: boolean, after: string, visible: string): string {
  if (firstSync) {
    return `(SELECT l.id, l.change_xid::text, l.change_seq, 'linked' FROM (
              SELECT r.id, r.change_xid, r.change_seq FROM unnest(ARRAY(${linkedIds})) AS k(id)
              JOIN ${def.table} r ON r.tenant_id = $1 AND r.id = k.id
              WHERE ${after} AND ${visible} OFFSET 0
            ) l ORDER BY l.change_xid, l.change_seq LIMIT $4)`;
  }
  return `(SELECT r.id, r.change_xid::text, r.change_seq, 'linked' FROM ${def.table} r
           WHERE ${after} AND ${visible} AND NOT coalesce(r.owner_id = ANY(${refs.people}), false) AND ${linkedSql(def, 'r', refs)}
           ORDER BY r.change_xid, r.change_seq LIMIT $4)`;
}

export interface FeedPage {
  /** JSON text of the page's documents, removals included. */
  docs: string;
  n: number;
  checkpoint: Checkpoint;
  held: boolean;
  horizon: Position | null;
  remaining?: number;
}

interface Candidate extends Position {
  id: string | null;
  part: 'own' | 'linked' | 'moved' | 'held' | 'horizon' | 'purged';
}

/**
 * One page of `def`'s feed for a person whose tenant syncs a scope ('own' or 'team': the
 * records of `person.people`). The candidates are read in one statement (one snapshot, as
 * the whole-tenant pull): the people's own rows after the checkpoint (each person's read
 * through their index, so a team's first sync does not sort all its rows for every page),
 * the rows linked to them, and the scope moves logged for them
 * (0018_sync_scopes.sql), each in feed order up to `limit`. The page is every candidate up
 * to the first place one of those lists was cut short, so none is skipped; when none was, the
 * checkpoint moves to the snapshot horizon, so the next pull does not walk other people's
 * changes again (and a copy past its beginning `b` is known to be up to date). Each record is then answered as it is now: its document when in scope
 * (deleted or not), a removal (the document with `_deleted`) when not, which the phone applies
 * only if it holds the record. A move older than the copy (`b`, the horizon when the copy
 * began) is skipped: the record cannot be on the device, since every row the copy read is
 * newer than it or was read in its current state.
 */
export async function readScopedPage(tx: Queryable, tenantId: string, person: ScopedPerson, def: CollectionDef, checkpoint: Checkpoint | null, limit: number, count: boolean): Promise<FeedPage> {
  const start = checkpoint ?? { xid: '0', seq: 0, h: 0 };
  const scope = scopeRefs(person, 5, 8);
  const linked = linkedIdsSql(def, '$1', scope.refs);
  // Still in its first sync (before the copy's beginning): most of the person's rows are ahead.
  const firstSync = !checkpoint || BigInt(checkpoint.xid) < BigInt(checkpoint.b ?? '0');
  const after = (t: string) => `${t}.tenant_id = $1 AND (${t}.change_xid, ${t}.change_seq) > ($2::xid8, $3::bigint)`;
  const visible = (t: string) => `${t}.change_xid < pg_snapshot_xmin(pg_current_snapshot())`;
  const { rows } = await tx.query<{ id: string | null; xid: string; seq: string | number; part: Candidate['part'] }>(
    `(SELECT o.id, o.change_xid::text AS xid, o.change_seq AS seq, 'own' AS part FROM unnest($5::uuid[]) AS p(id)
      CROSS JOIN LATERAL (SELECT r.id, r.change_xid, r.change_seq FROM ${def.table} r
        WHERE ${after('r')} AND r.owner_id = p.id AND ${visible('r')} ORDER BY r.change_xid, r.change_seq LIMIT $4) o
      ORDER BY o.change_xid, o.change_seq LIMIT $4)
     UNION ALL
     ${linked ? `${linkedRowsSql(def, scope.refs, linked, firstSync, after('r'), visible('r'))} UNION ALL` : ''}
     (SELECT m.record_id, m.change_xid::text, m.change_seq, 'moved' FROM (${movesSql(scope.refs)
       .map(
         (key) => `(SELECT m.record_id, m.change_xid, m.change_seq FROM sync_scope_moves m
                    WHERE ${after('m')} AND m.collection = $6 AND ${key} AND ${visible('m')} AND m.change_xid >= coalesce($7::xid8, pg_snapshot_xmin(pg_current_snapshot()))
                    ORDER BY m.change_xid, m.change_seq LIMIT $4)`,
       )
       .join(' UNION ALL ')}) m ORDER BY m.change_xid, m.change_seq LIMIT $4)
     UNION ALL
     -- Rows the snapshot horizon keeps back (see pull.ts): the client should ask again soon.
     (SELECT NULL, r.change_xid::text, r.change_seq, 'held' FROM ${def.table} r
      WHERE ${after('r')} AND r.change_xid >= greatest($2::xid8, pg_snapshot_xmin(pg_current_snapshot())) LIMIT 1)
     UNION ALL
     ${movesSql(scope.refs)
       .map(
         // One probe per key, each through its index (an OR of the two may read all the tenant's moves).
         (key) => `(SELECT NULL, m.change_xid::text, m.change_seq, 'held' FROM sync_scope_moves m
                    WHERE ${after('m')} AND m.collection = $6 AND ${key} AND m.change_xid >= greatest($2::xid8, pg_snapshot_xmin(pg_current_snapshot())) LIMIT 1)`,
       )
       .join(' UNION ALL ')}
     UNION ALL
     SELECT NULL, pg_snapshot_xmin(pg_current_snapshot())::text, 0, 'horizon'
     UNION ALL
     SELECT NULL, purged_xid::text, purged_seq, 'purged' FROM sync_horizons WHERE tenant_id = $1 AND collection = $6`,
    // A first page (no checkpoint) begins the copy now: no move before it can concern it.
    [tenantId, start.xid, start.seq, limit, scope.values[0], def.name, checkpoint ? (checkpoint.b ?? '0') : null, ...scope.values.slice(1)],
  );
  const parts = new Map<Candidate['part'], Candidate[]>();
  for (const r of rows) {
    const list = parts.get(r.part) ?? [];
    list.push({ id: r.id, xid: r.xid, seq: Number(r.seq), part: r.part });
    parts.set(r.part, list);
  }
  const lists = (['own', 'linked', 'moved'] as const).map((p) => parts.get(p) ?? []);
  // Every list is in feed order; a list cut at `limit` may go on past its last row.
  let cut: Position | null = null;
  for (const list of lists) {
    const last = list.at(-1);
    if (list.length >= limit && last && (!cut || comparePositions(last, cut) < 0)) cut = last;
  }
  const candidates = lists.flat().filter((c) => !cut || comparePositions(c, cut) <= 0);
  candidates.sort(comparePositions);
  // A record listed twice (its row and a move): answered once, where it is last.
  const lastAt = new Map<string, number>();
  candidates.forEach((c, i) => lastAt.set(c.id!, i));
  const ids = candidates.filter((c, i) => lastAt.get(c.id!) === i).map((c) => c.id!);

  let docs = '[]';
  let n = 0;
  if (ids.length > 0) {
    const here = scopeRefs(person, 3, 4);
    const found = await tx.query<{ id: string; doc: string }>(
      `SELECT r.id, ${docJsonSql(def, 'r', `(r.deleted OR NOT ${inScopeSql(def, 'r', here.refs)})`)}::text AS doc
       FROM ${def.table} r WHERE r.tenant_id = $1 AND r.id = ANY($2::uuid[])`,
      [tenantId, ids, ...here.values],
    );
    const byId = new Map(found.rows.map((r) => [r.id, r.doc]));
    // A move of a record whose tombstone was purged since has nothing left to answer.
    const ordered = ids.map((id) => byId.get(id)).filter((d): d is string => d !== undefined);
    docs = `[${ordered.join(',')}]`;
    n = ordered.length;
  }

  const purged = parts.get('purged')?.[0];
  const horizon = purged ? { xid: purged.xid, seq: purged.seq } : null;
  const from: Checkpoint = checkpoint ?? { ...start, h: horizon?.seq ?? 0 };
  // Nothing cut short: every position below the snapshot horizon was looked at, and every
  // later row or move has an xid at or above it and a seq above 0.
  const horizonNow: Position = { xid: parts.get('horizon')![0]!.xid, seq: 0 };
  const end: Position = cut ?? (comparePositions(horizonNow, from) > 0 ? horizonNow : from);
  const begin = checkpoint?.b ?? horizonNow.xid;
  const next: Checkpoint = { xid: end.xid, seq: end.seq, h: from.h, s: person.scope, b: begin, ...('key' in person ? { k: person.key } : {}) };

  let remaining: number | undefined;
  if (count) {
    // Two counts, each through its own index: an OR of the two would read every row of the tenant.
    const here = scopeRefs(person, 4, 5);
    const linkedHere = linkedIdsSql(def, '$1', here.refs);
    const counted = await tx.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM ${def.table} r WHERE ${after('r')} AND r.owner_id = ANY($4::uuid[]))
            ${linkedHere ? `+ (SELECT count(*) FROM unnest(ARRAY(${linkedHere})) AS k(id) JOIN ${def.table} r ON r.tenant_id = $1 AND r.id = k.id
                          WHERE ${after('r')} AND NOT coalesce(r.owner_id = ANY($4::uuid[]), false))` : ''} AS n`,
      [tenantId, start.xid, start.seq, ...here.values],
    );
    remaining = Number(counted.rows[0]?.n);
  }
  return { docs, n, checkpoint: next, held: parts.has('held'), horizon, remaining };
}

/**
 * After a push in a scoped tenant: every pushed record now outside its author's scope gets a
 * move for them, so their next pull removes it from the phone (a manager's change to someone
 * else's record, a new record owned by someone else, a refused change the phone put back to
 * the server's state). Returns those records' ids: their push answers say so.
 */
export async function logPushedOutOfScope(tx: Queryable, tenantId: string, userId: string, def: CollectionDef, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0 || !def.ownerField) return new Set();
  const person = await readPersonScope(tx, tenantId, userId);
  if (person.scope === 'all') return new Set();
  const here = scopeRefs(person, 5, 6);
  const moved = await tx.query<{ id: string }>(
    `SELECT r.id, sync_scope_move($1, $2, r.id, $3) FROM ${def.table} r
     WHERE r.tenant_id = $1 AND r.id = ANY($4::uuid[]) AND NOT ${inScopeSql(def, 'r', here.refs)}`,
    [tenantId, def.name, userId, ids, ...here.values],
  );
  return new Set(moved.rows.map((r) => r.id));
}
