import 'server-only';
import type { Span } from '@opentelemetry/api';
import { observeSyncDocuments } from '@/lib/observability/request-metrics';
import { inSpan } from '@/lib/observability/tracing';
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { docJsonSql } from '@/lib/records/record-sql';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { pullRequestSchema, type Checkpoint, type PullResponse } from '@/sync/schema/protocol';
import type { CaughtUpCache } from './caught-up-cache';
import { parseOrThrow, requireCollection } from './parse-input';

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
 */
export function pullChangesJson(ctx: SessionContext, collection: string, body: unknown, db?: Database, cache?: CaughtUpCache): Promise<string> {
  return inSpan('sync.pull', { 'crm.collection': collection, 'crm.tenant_id': ctx.tenantId }, (span) => readPage(ctx, collection, body, span, db, cache));
}

async function readPage(ctx: SessionContext, collection: string, body: unknown, span: Span, db?: Database, cache?: CaughtUpCache): Promise<string> {
  const def = requireCollection(collection);
  const input = parseOrThrow(pullRequestSchema, body, 'pull request');
  let version = 0;
  // A counted page is asked for once per first sync: not worth remembering.
  if (cache && !input.count) {
    await cache.watch(ctx.tenantId);
    if (input.checkpoint && cache.upToDate(ctx.tenantId, def.name, input.checkpoint)) {
      span.setAttribute('crm.pull_cache', 'up_to_date');
      observeSyncDocuments(ctx.tenantId, def.name, { pulled: 0 });
      return `{"documents":[],"checkpoint":${JSON.stringify(input.checkpoint)}}`;
    }
    const page = cache.page(ctx.tenantId, def.name, input.checkpoint ?? null, input.limit);
    if (page) {
      span.setAttribute('crm.pull_cache', 'page');
      observeSyncDocuments(ctx.tenantId, def.name, { pulled: page.documents });
      return page.json;
    }
    // Read before the database: a change notified while it is read makes the answer unmemorable.
    version = cache.version(ctx.tenantId, def.name);
  }
  const start = input.checkpoint ?? { xid: '0', seq: 0, h: 0 };
  const { rows, remaining } = await withTenant(
    ctx.tenantId,
    async (tx) => {
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
        [ctx.tenantId, start.xid, start.seq, input.limit, def.name],
      );
      const counted = input.count
        ? await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${def.table} WHERE tenant_id = $1 AND (change_xid, change_seq) > ($2::xid8, $3::bigint)`, [ctx.tenantId, start.xid, start.seq])
        : null;
      return { rows: page.rows, remaining: counted?.rows[0]?.n };
    },
    db,
  );
  const row = rows[0]!;
  const horizon = row.h_xid !== null && row.h_seq !== null ? { xid: row.h_xid, seq: row.h_seq } : null;
  const from: Checkpoint = input.checkpoint ?? { ...start, h: horizon?.seq ?? 0 };
  // A copy started before the latest purge, and not yet past it, may lack deletions that
  // no longer exist as tombstones: only a pull from scratch can repair it.
  if (horizon && from.h < horizon.seq && before(from, horizon)) {
    throw new AppError(ErrorCode.ResyncRequired, `Your copy of ${def.name} is older than the deletion history the server keeps; pull from the start.`);
  }
  observeSyncDocuments(ctx.tenantId, def.name, { pulled: row.n });
  span.setAttribute('crm.documents', row.n);
  if (cache && !input.count && input.checkpoint && row.n === 0 && !row.held) cache.remember(ctx.tenantId, def.name, input.checkpoint, horizon, version);
  const checkpoint: Checkpoint = row.xid !== null && row.seq !== null ? { xid: row.xid, seq: row.seq, h: from.h } : from;
  const json = `{"documents":${row.docs},"checkpoint":${JSON.stringify(checkpoint)}${row.held ? ',"held":true' : ''}${remaining === undefined ? '' : `,"remaining":${remaining}`}}`;
  if (cache && !input.count && !row.held && row.n > 0) cache.rememberPage(ctx.tenantId, def.name, input.checkpoint ?? null, input.limit, json, row.n, version);
  return json;
}

/** {@link pullChangesJson}, parsed. */
export async function pullChanges(ctx: SessionContext, collection: string, body: unknown, db?: Database, cache?: CaughtUpCache): Promise<PullResponse<AnyWireDoc>> {
  return JSON.parse(await pullChangesJson(ctx, collection, body, db, cache)) as PullResponse<AnyWireDoc>;
}
