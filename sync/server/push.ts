import 'server-only';
import { observeSyncDocuments } from '@/lib/observability/request-metrics';
import { inSpan } from '@/lib/observability/tracing';
import { z } from 'zod';
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { applyChanges, type RecordChange } from '@/lib/records/apply-changes';
import { lockRecords } from '@/lib/records/record-sql';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { jsonEqual } from '@/sync/schema/json-equal';
import { MAX_PUSH_ROWS } from '@/sync/schema/protocol';
import { parseOrThrow, requireCollection } from './parse-input';

function pushSchema(def: CollectionDef) {
  const doc = def.wireSchema as unknown as z.ZodType<AnyWireDoc>;
  return z.array(z.strictObject({ assumedMasterState: doc.optional(), newDocumentState: doc }));
}

function sameDoc(def: CollectionDef, a: AnyWireDoc, b: AnyWireDoc): boolean {
  return a._deleted === b._deleted && def.fieldNames.every((f) => jsonEqual(a[f], b[f]));
}

/**
 * Applies a batch of RxDB push rows in one tenant transaction and returns the server's
 * current document for every row that conflicted (RxDB's contract: [] means all applied).
 * A row conflicts when its assumedMasterState is not the server's current document; a row
 * whose new state already is the server's document is a replay and changes nothing. Any bad
 * row (schema, role rules, a record unknown to this tenant) refuses the whole batch: 4xx,
 * nothing written.
 */
export function pushChanges(ctx: SessionContext, collection: string, body: unknown, db?: Database): Promise<AnyWireDoc[]> {
  return inSpan('sync.push', { 'crm.collection': collection, 'crm.tenant_id': ctx.tenantId, 'crm.documents': Array.isArray(body) ? body.length : 0 }, () =>
    applyPush(ctx, collection, body, db),
  );
}

async function applyPush(ctx: SessionContext, collection: string, body: unknown, db?: Database): Promise<AnyWireDoc[]> {
  const def = requireCollection(collection);
  if (Array.isArray(body) && body.length > MAX_PUSH_ROWS) {
    throw new AppError(ErrorCode.PayloadTooLarge, `A push may carry at most ${MAX_PUSH_ROWS} documents; this one has ${body.length}.`);
  }
  const rows = parseOrThrow(pushSchema(def), body, `${def.name} push`);
  const ids = rows.map((r) => r.newDocumentState.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new AppError(ErrorCode.Validation, `Document ${dup} appears twice in one push.`);
  for (const r of rows) {
    if (r.assumedMasterState && r.assumedMasterState.id !== r.newDocumentState.id) {
      throw new AppError(ErrorCode.Validation, `assumedMasterState of ${r.newDocumentState.id} is a different document.`);
    }
  }
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const current = await lockRecords(tx, def, ctx.tenantId, ids);
      const conflicts: AnyWireDoc[] = [];
      const changes: RecordChange[] = [];
      for (const { assumedMasterState: assumed, newDocumentState: next } of rows) {
        const server = current.get(next.id) ?? null;
        if (server && sameDoc(def, server, next)) continue; // replayed push: already applied
        if (!server) {
          // Security: RLS hides other tenants' rows, so an update of a record this tenant has
          // never had is either forged or of another tenant: refuse the batch rather than
          // create it, with the same message whether or not the id exists elsewhere.
          if (assumed && !assumed._deleted) {
            throw new AppError(ErrorCode.NotFound, `${def.name} record ${next.id} does not exist in this workspace.`);
          }
          changes.push({ before: null, after: next });
        } else if (assumed && sameDoc(def, assumed, server)) {
          changes.push({ before: server, after: next });
        } else {
          conflicts.push(server);
        }
      }
      await applyChanges(tx, ctx, def, changes, { source: 'sync' });
      return conflicts;
    },
    db,
  ).then((conflicts) => {
    observeSyncDocuments(ctx.tenantId, def.name, { pushed: rows.length, conflicts: conflicts.length });
    return conflicts;
  });
}
