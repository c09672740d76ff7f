import 'server-only';
import { observeSyncDocuments } from '@/lib/observability/request-metrics';
import { inSpan } from '@/lib/observability/tracing';
import { z } from 'zod';
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { applyChanges, type RecordChange } from '@/lib/records/apply-changes';
import { erasedRefusal, ERASED_CODE, ERASED_MESSAGE, lookUpErased } from '@/lib/privacy/erased-records';
import { lockRecords } from '@/lib/records/record-sql';
import { refusalOf } from '@/lib/records/record-rules';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { jsonEqual } from '@/sync/schema/json-equal';
import { MAX_PUSH_ROWS, type PushResult } from '@/sync/schema/protocol';
import { noteConflicts, type ConflictedRow } from './conflict-notices';
import { logPushedOutOfScope } from './scoped-pull';
import { parseOrThrow, requireCollection } from './parse-input';

type Result = PushResult<AnyWireDoc>;
type Rejected = Extract<Result, { status: 'rejected' }>;

/** Each row's id, read before its document is validated, so even an invalid row gets an answer. */
const batchShape = z.array(z.object({ newDocumentState: z.object({ id: z.uuid() }) }));

type RowSchema = z.ZodType<{ assumedMasterState?: AnyWireDoc; newDocumentState: AnyWireDoc }>;
const rowSchemas = new Map<string, RowSchema>();

/**
 * A push row of `def`, built once per collection: zod compiles an object schema the first
 * time it parses, which cost 1.5 ms when every push built its own (0.04 ms once built).
 */
function rowSchema(def: CollectionDef): RowSchema {
  let schema = rowSchemas.get(def.name);
  if (!schema) {
    const doc = def.wireSchema as unknown as z.ZodType<AnyWireDoc>;
    schema = z.strictObject({ assumedMasterState: doc.optional(), newDocumentState: doc });
    rowSchemas.set(def.name, schema);
  }
  return schema;
}

function sameDoc(def: CollectionDef, a: AnyWireDoc, b: AnyWireDoc): boolean {
  return a._deleted === b._deleted && def.fieldNames.every((f) => jsonEqual(a[f], b[f]));
}

/** How many rows a push may carry, and that each one names a document (else 4xx, nothing written). */
function checkBatch(body: unknown): { newDocumentState: { id: string } }[] {
  if (Array.isArray(body) && body.length > MAX_PUSH_ROWS) {
    throw new AppError(ErrorCode.PayloadTooLarge, `A push may carry at most ${MAX_PUSH_ROWS} documents; this one has ${body.length}.`);
  }
  const rows = parseOrThrow(batchShape, body, 'push');
  const ids = rows.map((r) => r.newDocumentState.id);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new AppError(ErrorCode.Validation, `Document ${id} appears twice in one push.`);
    seen.add(id);
  }
  return rows;
}

/**
 * Decides every row of a push inside one tenant transaction and writes the accepted ones
 * through applyChanges. Per row: accepted (written, or a replay of the server's document),
 * conflict (its assumedMasterState is not the server's current document: the server's is
 * returned to merge with) or rejected (schema, role rules, an update of a record this
 * workspace does not have, or a change bringing an erased person back), with the server's
 * document to put the phone back.
 */
async function decideAndApply(ctx: SessionContext, def: CollectionDef, body: unknown, all: 'apply-allowed' | 'all-or-nothing', db?: Database): Promise<Result[]> {
  const shapes = checkBatch(body);
  const schema = rowSchema(def);
  // Each row is parsed once, before the transaction: no row lock waits on validation.
  const rows = (body as unknown[]).map((raw, i) => ({ id: shapes[i]!.newDocumentState.id, parsed: schema.safeParse(raw) }));
  // Protocol 1 answered any invalid row with a 422 for the batch, naming every failing path.
  if (all === 'all-or-nothing' && rows.some((r) => !r.parsed.success)) parseOrThrow(z.array(schema), body, `${def.name} push`);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const current = await lockRecords(tx, def, ctx.tenantId, rows.map((r) => r.id));
      // Asked once for the batch, before any row is decided: a change to an erased person's
      // record is refused, never merged (lib/privacy/erased-records.ts).
      const valid = rows.flatMap((r) => (r.parsed.success ? [{ before: current.get(r.id) ?? null, after: r.parsed.data.newDocumentState }] : []));
      const erased = await lookUpErased(tx, ctx.tenantId, def, valid);
      const results: Result[] = [];
      const changes: RecordChange[] = [];
      const conflicted: ConflictedRow[] = [];
      const reject = (id: string, code: string, message: string): Rejected => ({ id, status: 'rejected', code, message, document: current.get(id) ?? null });
      for (const { id, parsed } of rows) {
        if (!parsed.success) {
          const detail = parsed.error.issues.slice(0, 5).map((x) => `${x.path.join('.') || '(row)'}: ${x.message}`);
          results.push(reject(id, ErrorCode.Validation, `The ${def.name} record has invalid values: ${detail.join('; ')}`));
          continue;
        }
        const { assumedMasterState: assumed, newDocumentState: next } = parsed.data;
        if (assumed && assumed.id !== id) {
          results.push(reject(id, ErrorCode.Validation, `assumedMasterState of ${id} is a different document.`));
          continue;
        }
        const server = current.get(id) ?? null;
        if (server && sameDoc(def, server, next)) {
          results.push({ id, status: 'accepted' }); // a replay: already applied
          continue;
        }
        // Before the conflict: a conflict note would keep the phone's copy of the person (its
        // values) in record_conflicts, and a "Restore" would push it again. Rejected with the
        // server's tombstone, which puts the phone's copy back to it.
        if (erasedRefusal(def, { before: server, after: next }, erased)) {
          results.push(reject(id, ERASED_CODE, ERASED_MESSAGE));
          continue;
        }
        if (!server && assumed && !assumed._deleted) {
          // Security: RLS hides other tenants' rows, so an update of a record this tenant has
          // never had is forged or of another tenant; same words whether or not it exists.
          results.push(reject(id, ErrorCode.NotFound, `${def.name} record ${id} does not exist in this workspace.`));
          continue;
        }
        if (server && !(assumed && sameDoc(def, assumed, server))) {
          results.push({ id, status: 'conflict', document: server });
          // A change the rules refuse anyway (an auditor's, another rep's record) never stood a
          // chance against the other: nobody is told of a conflict with it.
          if (!refusalOf(ctx, def, server, next)) conflicted.push({ assumed, server, next });
          continue;
        }
        // The conflict is decided before the rule: a change made on an older copy is merged
        // first, and the merged change comes back through this rule.
        const refusal = refusalOf(ctx, def, server, next);
        if (refusal) {
          results.push(reject(id, ErrorCode.Forbidden, refusal));
          continue;
        }
        changes.push({ before: server, after: next });
        results.push({ id, status: 'accepted' });
      }
      const refused = results.find((r): r is Rejected => r.status === 'rejected');
      if (all === 'all-or-nothing' && refused) throw new AppError(refused.code === ERASED_CODE ? ErrorCode.Conflict : (refused.code as ErrorCode), refused.message);
      await applyChanges(tx, ctx, def, changes, { source: 'sync', erased });
      // Both sides of each conflict are told: the pusher here, with who and when; the other
      // person by a notice (conflict-notices.ts).
      const keptBy = conflicted.length ? await noteConflicts(tx, ctx, def, conflicted) : new Map();
      const left = await logPushedOutOfScope(tx, ctx.tenantId, ctx.userId, def, results.map((r) => r.id));
      if (keptBy.size === 0 && left.size === 0) return results;
      return results.map((r) => {
        const authors = r.status === 'conflict' ? keptBy.get(r.id) : undefined;
        const told = authors ? { ...r, keptBy: authors } : r;
        return left.has(r.id) ? { ...told, outOfScope: true as const } : told;
      });
    },
    db,
  );
}

function observed(ctx: SessionContext, def: CollectionDef, results: Result[]): Result[] {
  observeSyncDocuments(ctx.tenantId, def.name, { pushed: results.length, conflicts: results.filter((r) => r.status === 'conflict').length });
  return results;
}

/**
 * Push protocol 2: one answer per row, and every row that may apply does. A bad batch (not
 * a list, too many rows, a row without a document id, an id twice) is refused whole: 4xx,
 * nothing written.
 */
export async function pushRows(ctx: SessionContext, collection: string, body: unknown, db?: Database): Promise<Result[]> {
  const def = requireCollection(collection);
  return inSpan('sync.push', { 'crm.collection': collection, 'crm.tenant_id': ctx.tenantId, 'crm.documents': Array.isArray(body) ? body.length : 0 }, async () =>
    observed(ctx, def, await decideAndApply(ctx, def, body, 'apply-allowed', db)),
  );
}

/**
 * Push protocol 1 (deprecated, for clients of the previous release): the server documents
 * that conflicted ([] means all applied), and any refused row refuses the whole batch with its
 * 4xx, nothing written.
 */
export async function pushChanges(ctx: SessionContext, collection: string, body: unknown, db?: Database): Promise<AnyWireDoc[]> {
  const def = requireCollection(collection);
  return inSpan('sync.push', { 'crm.collection': collection, 'crm.tenant_id': ctx.tenantId, 'crm.documents': Array.isArray(body) ? body.length : 0 }, async () =>
    observed(ctx, def, await decideAndApply(ctx, def, body, 'all-or-nothing', db)).flatMap((r) => (r.status === 'conflict' ? [r.document] : [])),
  );
}
