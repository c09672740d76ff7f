// "Sync now" after a failure: a request waiting out a long backoff goes at once, pull and push
// alike, instead of after the rest of its delay.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SyncEngine } from '@/sync/client/replication';
import { contactDoc, createSyncTestDatabase, session, settledPull, TENANT_A } from '@/sync/server/testing';
import { directTransport } from './direct-transport';

const ownerA = session(TENANT_A, 'owner');

describe('Sync now cuts a failure backoff short', () => {
  let t: TestDatabase;
  let db: SyncDatabase;
  let engine: SyncEngine;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(async () => {
    await engine?.cancel();
    await db?.remove();
    await t?.dispose();
  });

  it('a write made while the server was unreachable reaches it right after Sync now, not a minute later', async () => {
    db = await createSyncDatabase({ name: `now${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    const transport = directTransport(ownerA, t.db);
    // Every failure waits 30 to 60 s: longer than this test may take.
    engine = startReplications(db, transport, { identifier: 'now', retryTime: 20, waitForLeadership: false, backoffMs: { base: 60_000, max: 60_000 } });
    await engine.replications.contacts.awaitInitialReplication();

    let failures = 0;
    const push = transport.push.bind(transport);
    transport.push = async (collection, rows) => {
      if (!transport.online) failures += 1;
      return push(collection, rows);
    };
    transport.online = false;
    const doc = contactDoc({ firstName: 'Offline', lastName: 'Write' });
    await db.contacts.insert(doc);
    await expect.poll(() => failures, { timeout: 5000 }).toBeGreaterThan(0);

    transport.online = true;
    engine.syncNow();
    await expect
      .poll(async () => (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.some((d) => d.id === doc.id), { timeout: 10_000, interval: 200 })
      .toBe(true);
    expect(failures).toBe(1);
  });
});
