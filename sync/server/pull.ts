import 'server-only';
import type { Span } from '@opentelemetry/api';
import { observeSyncDocuments } from '@/lib/observability/request-metrics';
import { inSpan } from '@/lib/observability/tracing';
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database, Queryable } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { docJsonSql } from '@/lib/records/record-sql';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { pullRequestSchema, type Checkpoint, type PullResponse } from '@/sync/schema/protocol';
import type { SyncScope } from '@/sync/schema/sync-scope';
import type { CaughtUpCache } from './caught-up-cache';
import { parseOrThrow, requireCollection } from './parse-input';
import { copyMatches, readPersonScope, WHOLE_TENANT } from './scope-people';
import { readScopedPage, type FeedPage } from './scoped-pull';

type PullInput = ReturnType<typeof pullRequestSchema.parse>;

/** (xid, seq) < (xid, seq) in feed order; xids are compared as 64-bit integers. */
function before(a: { xid: string; seq: number }, b: { xid: string; seq: number }): boolean {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  return ax < bx || (ax === bx && a.seq < b.seq);
}

/**
 * One page of a collection's change feed after `checkpoint`, in the caller's tenant, as the
 * JSON text of the response body (`{"documents":[...],"checkpoint":{...}}`, plus `"held":true`
 * when newer rows exist that an older, still-running transaction keeps back for now).
 * Returns only rows whose writing transaction is older than every transaction still running
 * (see 0004_sync.sql), so a later page can never hold a row that sorts before this one's end.
 * Answers 410 resync_required when the checkpoint predates purged tombstones.
 * With `cache`, a device already up to date, and a page asked for before with nothing
 * changed since, are answered without reading the database (caught-up-cache.ts says why
 * that never skips a row).
 * Under the tenant's sync scope 'own' or 'team', the page is the caller's scope
 * (scoped-pull.ts); a checkpoint made under another scope, or for another team, answers 410
 * resync_required.
 */
export function pullChangesJson(ctx: SessionContext, collection: string, body: unknown, db?: Database, cache?: CaughtUpCache): Promise<string> {
  return inSpan('sync.pull', { 'crm.collection': collection, 'crm.tenant_id': ctx.tenantId }, (span) => readPage(ctx, collection, body, span, db, cache));
}

async function readPage(ctx: SessionContext, collection: string, body: unknown, span: Span, db?: Database, cache?: CaughtUpCache): Promise<string> {
  const def = requireCollection(collection);
  const input = parseOrThrow(pullRequestSchema, body, 'pull request');
  const copyScope = input.checkpoint?.s ?? 'all';
  let version = 0;
  // A counted page is asked for once per first sync: not worth remembering.
  if (cache && !input.count) {
    await cache.watch(ctx.tenantId);
    const scope = cache.scope(ctx.tenantId, def.name);
    // Answered here only under the scope the database last gave (a copy of another scope must hear resync_required).
    if (scope !== undefined && (!input.checkpoint || copyScope === scope)) {
      const who = whoOf(ctx, scope, input.checkpoint);
      if (input.checkpoint && cache.upToDate(ctx.tenantId, def.name, input.checkpoint, who)) {
        span.setAttribute('crm.pull_cache', 'up_to_date');
        observeSyncDocuments(ctx.tenantId, def.name, { pulled: 0 });
        return `{"documents":[],"checkpoint":${JSON.stringify(input.checkpoint)}}`;
      }
      const page = cache.page(ctx.tenantId, def.name, input.checkpoint ?? null, input.limit, who);
      if (page) {
        span.setAttribute('crm.pull_cache', 'page');
        observeSyncDocuments(ctx.tenantId, def.name, { pulled: page.documents });
        return page.json;
      }
    }
    // Read before the database: a change notified while it is read makes the answer unmemorable.
    version = cache.version(ctx.tenantId, def.name);
  }
  const { scope, page } = await withTenant(
    ctx.tenantId,
    async (tx) => {
      // Pipelines are configuration: every phone holds them all.
      const person = def.ownerField ? await readPersonScope(tx, ctx.tenantId, ctx.userId) : WHOLE_TENANT;
      if (input.checkpoint && !copyMatches(input.checkpoint, person)) return { scope: person.scope, page: null };
      const page =
        person.scope === 'all' ? await readWholePage(tx, ctx.tenantId, def, input) : await readScopedPage(tx, ctx.tenantId, person, def, input.checkpoint ?? null, input.limit, input.count ?? false);
      return { scope: person.scope, page };
    },
    db,
  );
  if (cache && !input.count) cache.rememberScope(ctx.tenantId, def.name, scope, version);
  if (!page) {
    throw new AppError(ErrorCode.ResyncRequired, `Your organization changed what each device holds of ${def.name}; pull from the start.`);
  }
  const { horizon, checkpoint } = page;
  // A copy started before the latest purge, and not yet past it, may lack deletions that
  // no longer exist as tombstones: only a pull from scratch can repair it.
  if (input.checkpoint && horizon && input.checkpoint.h < horizon.seq && before(input.checkpoint, horizon)) {
    throw new AppError(ErrorCode.ResyncRequired, `Your copy of ${def.name} is older than the deletion history the server keeps; pull from the start.`);
  }
  observeSyncDocuments(ctx.tenantId, def.name, { pulled: page.n });
  span.setAttribute('crm.documents', page.n);
  if (scope !== 'all') span.setAttribute('crm.sync_scope', scope);
  const json = `{"documents":${page.docs},"checkpoint":${JSON.stringify(checkpoint)}${page.held ? ',"held":true' : ''}${page.remaining === undefined ? '' : `,"remaining":${page.remaining}`}}`;
  if (cache && !input.count && !page.held) {
    const who = whoOf(ctx, scope, input.checkpoint);
    // Nothing after the answer's checkpoint (for this scope): a device there is up to date.
    if (input.checkpoint && page.n === 0) cache.remember(ctx.tenantId, def.name, who, checkpoint, horizon, version);
    if (page.n > 0) cache.rememberPage(ctx.tenantId, def.name, input.checkpoint ?? null, input.limit, who, json, page.n, version);
  }
  return json;
}

/**
 * Whose pages a cached answer is: every device's for the whole tenant, one person's when
 * scoped, and of the team the copy was made for (`k`): a copy made for an earlier team must
 * reach the database, which answers resync_required.
 */
function whoOf(ctx: SessionContext, scope: SyncScope, checkpoint: Checkpoint | null | undefined): string {
  return scope === 'all' ? '*' : `${ctx.userId}|${checkpoint?.k ?? ''}`;
}

/** One page of the whole tenant's feed (scope 'all'), in one statement. */
async function readWholePage(tx: Queryable, tenantId: string, def: CollectionDef, input: PullInput): Promise<FeedPage> {
  const start = input.checkpoint ?? { xid: '0', seq: 0, h: 0 };
  // One statement: the purge horizon and the page, documents formatted by Postgres.
  const page = await tx.query<{ docs: string; n: number; xid: string | null; seq: number | null; h_xid: string | null; h_seq: number | null; held: boolean }>(
    `WITH page AS (
       SELECT change_xid, change_seq, ${docJsonSql(def)} AS doc
       FROM ${def.table}
       WHERE tenant_id = $1
         AND (change_xid, change_seq) > ($2::xid8, $3::bigint)
         AND change_xid < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY change_xid, change_seq
       LIMIT $4
     ), held AS (
       -- Committed or not, rows the snapshot horizon keeps back: the client should ask again soon.
       SELECT 1 FROM ${def.table}
       WHERE tenant_id = $1
         -- greatest(): the index seeks straight to the horizon instead of walking the page range.
         AND change_xid >= greatest($2::xid8, pg_snapshot_xmin(pg_current_snapshot()))
         AND (change_xid, change_seq) > ($2::xid8, $3::bigint)
       LIMIT 1
     ), horizon AS (
       SELECT purged_xid, purged_seq FROM sync_horizons WHERE tenant_id = $1 AND collection = $5
     )
     SELECT coalesce((SELECT json_agg(doc ORDER BY change_xid, change_seq) FROM page), '[]')::text AS docs,
            (SELECT count(*)::int FROM page) AS n,
            -- p.change_xid, qualified: a bare ORDER BY name matches the output column first,
            -- which here is the text form ('838' > '4399'), and the checkpoint went backwards.
            (SELECT p.change_xid::text FROM page p ORDER BY p.change_xid DESC, p.change_seq DESC LIMIT 1) AS xid,
            (SELECT p.change_seq FROM page p ORDER BY p.change_xid DESC, p.change_seq DESC LIMIT 1) AS seq,
            (SELECT purged_xid::text FROM horizon) AS h_xid,
            (SELECT purged_seq FROM horizon) AS h_seq,
            EXISTS (SELECT 1 FROM held) AS held`,
    [tenantId, start.xid, start.seq, input.limit, def.name],
  );
  const counted = input.count
    ? await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${def.table} WHERE tenant_id = $1 AND (change_xid, change_seq) > ($2::xid8, $3::bigint)`, [tenantId, start.xid, start.seq])
    : null;
  const row = page.rows[0]!;
  const horizon = row.h_xid !== null && row.h_seq !== null ? { xid: row.h_xid, seq: Number(row.h_seq) } : null;
  const from: Checkpoint = input.checkpoint ?? { ...start, h: horizon?.seq ?? 0 };
  const checkpoint: Checkpoint = row.xid !== null && row.seq !== null ? { xid: row.xid, seq: Number(row.seq), h: from.h } : from;
  return { docs: row.docs, n: row.n, checkpoint, held: row.held, horizon, remaining: counted?.rows[0]?.n };
}

/** {@link pullChangesJson}, parsed. */
export async function pullChanges(ctx: SessionContext, collection: string, body: unknown, db?: Database, cache?: CaughtUpCache): Promise<PullResponse<AnyWireDoc>> {
  return JSON.parse(await pullChangesJson(ctx, collection, body, db, cache)) as PullResponse<AnyWireDoc>;
}
