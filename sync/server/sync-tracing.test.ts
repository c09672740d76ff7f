import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { recordSpans } from '@/lib/observability/testing-tracer';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, settledPull, TENANT_A } from './testing';

const spans = recordSpans();
const rep = session(TENANT_A, 'rep');

describe('sync tracing', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(() => t.dispose());

  it('traces pushes and pulls with collection, tenant and document count; a refused push shows as failed', async () => {
    const docs = [contactDoc({ ownerId: rep.userId }), contactDoc({ ownerId: rep.userId })];
    await pushChanges(rep, 'contacts', docs.map((d) => ({ newDocumentState: d })), t.db);
    // Settled first: on Postgres a pull holds back rows while any older transaction is running.
    await settledPull(rep, 'contacts', { checkpoint: null, limit: 10 }, t.db);
    await expect(pushChanges(rep, 'contacts', [{ newDocumentState: { id: 'not-a-uuid' } }], t.db)).rejects.toThrow();
    const [push, pull, refused] = spans.getFinishedSpans();
    expect(push).toMatchObject({ name: 'sync.push', attributes: { 'crm.collection': 'contacts', 'crm.tenant_id': TENANT_A, 'crm.documents': 2 } });
    expect(pull).toMatchObject({ name: 'sync.pull', attributes: { 'crm.collection': 'contacts', 'crm.tenant_id': TENANT_A, 'crm.documents': 2 } });
    expect(refused).toMatchObject({ name: 'sync.push', status: { code: 2 } });
  });
});
