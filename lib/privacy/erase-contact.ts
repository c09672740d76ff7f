import 'server-only';
import { chainPending } from '../audit/sequence-audit';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { loadContactSubject } from './contact-subject';
import { AFTER_CHAINING, PAYLOAD_ERASERS, type ErasureScope, type PayloadTable } from './erase-payloads';
import { eraseRecords } from './erase-records';
import { recordPrivacyRequest } from './privacy-requests';
import type { PrivacyRequest } from './privacy-schemas';

/**
 * Erases a contact of the caller's tenant everywhere (GDPR article 17), in ONE transaction, so
 * it happens whole or not at all:
 *  1. records (erase-records.ts): the contact and its activities become tombstones without their
 *     values, through the record pipeline, so phones remove their copies on the next pull; its
 *     deals lose the link; other records' free text naming the person is redacted;
 *  2. payloads (erase-payloads.ts): the change log (including the rows step 1 just wrote),
 *     workflow runs and steps, webhook deliveries, sync conflicts, stored API answers,
 *     notifications and mail;
 *  3. audit values: the tenant's pending entries are chained first, under its audit lock, as
 *     retention does, so the entries step 1 wrote are chained too; then the values of entries
 *     about the person are removed. The chain itself is never touched, so it still verifies.
 * The request is recorded and audited (`privacy.erase`) with counts only. A contact already
 * deleted is scrubbed all the same; 404 for a contact of another tenant.
 *
 * Runs as the owner with the tenant set (system work): the app role may never rewrite the
 * change log, run payloads or audit values. Every statement names the tenant.
 */
export async function eraseContact(ctx: SessionContext, contactId: string, db?: Database, now = new Date()): Promise<PrivacyRequest> {
  return withSystem(async (tx) => {
    // The tenant setting also lets a non-superuser owner see the rows under FORCE RLS.
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [ctx.tenantId]);
    // The contact row is locked before anything about it is read (review 20, finding 3). A
    // writer that links an activity or deal to the contact takes FOR KEY SHARE on this row
    // before it reads the erased set (erased-records.ts), so it either committed before this
    // lock (and the subject read next includes its record) or waits for this commit and is
    // then refused. No row (a purged tombstone): nothing to link to, the request row decides.
    await tx.query('SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [ctx.tenantId, contactId]);
    const subject = await loadContactSubject(tx, ctx.tenantId, contactId);
    const summary: Record<string, number> = { ...(await eraseRecords(tx, ctx.tenantId, subject, now.toISOString())) };
    const scope: ErasureScope = { tenantId: ctx.tenantId, erasedIds: [contactId, ...subject.activityIds], needles: subject.needles, now };
    const tables = Object.keys(PAYLOAD_ERASERS) as PayloadTable[];
    const run = async (table: PayloadTable) => {
      const { summary: key, erase } = PAYLOAD_ERASERS[table];
      summary[key] = await erase(tx, scope);
    };
    for (const table of tables.filter((t) => !AFTER_CHAINING.includes(t))) await run(table);
    await chainPending(tx, ctx.tenantId); // takes the tenant's audit lock, held to commit
    for (const table of AFTER_CHAINING) await run(table);
    const request = await recordPrivacyRequest(tx, ctx, 'erase', contactId, summary);
    return request;
  }, db);
}
