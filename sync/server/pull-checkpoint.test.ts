import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, settledPull, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');
const ROWS = 12;

/** (xid, seq) compared as the feed orders them: xids as 64-bit integers, never as text. */
function compare(a: { xid: string; seq: number }, b: { xid: string; seq: number }): number {
  const dx = BigInt(a.xid) - BigInt(b.xid);
  return dx !== 0n ? (dx < 0n ? -1 : 1) : a.seq - b.seq;
}

/**
 * A pull page's checkpoint must be the page's last feed position. Regression: the last xid
 * was chosen by sorting its text form ('838' > '4399'), so a page whose xids had different
 * digit counts handed out a checkpoint inside the page and the next pull re-sent rows.
 * Real xids only grow by one per transaction, so the rows' feed positions are set directly
 * (triggers off, as the superuser the tests connect as) to xids of every digit count.
 */
describe('pull checkpoints over xids of different digit counts', () => {
  let t: TestDatabase;
  const ids: string[] = [];
  let maxXid = 0n;

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    const docs = Array.from({ length: ROWS }, (_, i) => contactDoc({ lastName: `P${i}` }));
    ids.push(...docs.map((d) => d.id));
    await pushChanges(owner, 'contacts', docs.map((d) => ({ newDocumentState: d })), t.db);
    const { rows } = await t.db.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
    // Every chosen xid must be older than any running transaction, or the pull holds it back.
    maxXid = BigInt(rows[0]!.xid) - 1n;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('hands out the last position of each page, so no row comes twice and none is missed', async () => {
    const digits = maxXid.toString().length;
    expect(digits).toBeGreaterThanOrEqual(3);
    // An xid of a random digit count (1 … digits of the current xid), so text and numeric order differ.
    const xidArb = fc.integer({ min: 1, max: digits }).chain((d) => {
      const lo = d === 1 ? 3n : 10n ** BigInt(d - 1);
      const hi = 10n ** BigInt(d) - 1n < maxXid ? 10n ** BigInt(d) - 1n : maxXid;
      return fc.bigInt({ min: lo, max: hi });
    });
    await fc.assert(
      fc.asyncProperty(fc.array(xidArb, { minLength: ROWS, maxLength: ROWS }), fc.integer({ min: 1, max: 5 }), async (xids, limit) => {
        await t.db.transaction(async (tx) => {
          // Security-irrelevant test setup: replica mode skips the trigger that stamps real positions.
          await tx.query('SET LOCAL session_replication_role = replica');
          for (const [i, id] of ids.entries()) {
            await tx.query('UPDATE contacts SET change_xid = $1::xid8, change_seq = $2 WHERE id = $3', [xids[i]!.toString(), i + 1, id]);
          }
        });
        const seen: string[] = [];
        let checkpoint: Checkpoint | null = null;
        for (let pages = 0; pages <= ROWS + 1; pages++) {
          const page = await settledPull(owner, 'contacts', { checkpoint, limit }, t.db);
          if (page.documents.length === 0) break;
          seen.push(...page.documents.map((d) => d.id));
          if (checkpoint) expect(compare(page.checkpoint, checkpoint)).toBeGreaterThan(0);
          // The checkpoint is the greatest position of the page.
          const positions = page.documents.map((d) => ({ xid: xids[ids.indexOf(d.id)]!.toString(), seq: ids.indexOf(d.id) + 1 }));
          const last = positions.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
          expect({ xid: page.checkpoint.xid, seq: page.checkpoint.seq }).toEqual(last);
          checkpoint = page.checkpoint;
        }
        expect(seen.length).toBe(ROWS);
        expect(new Set(seen)).toEqual(new Set(ids));
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });
});
