// A write tells this process's caches at commit about every collection it may have moved in or
// out of a phone's sync scope, not only its own (lib/records/scope-move-targets.ts): the
// triggers' NOTIFY for those reaches the cache a moment later, and a pull made in between was
// answered "caught up" and missed a contact brought in by its new company's territory (seen as
// a rare failure of scoped-pull.test.ts on Postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { onLocalWrite } from '@/lib/records/local-writes';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import { pushRows } from './push';
import { companyDoc, contactDoc, createSyncTestDatabase, dealDoc, session, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');

describe('local write signals', () => {
  let t: TestDatabase;
  const heard: string[] = [];
  let stop: () => void;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await setSyncScope(owner, { scope: 'territory' }, t.db);
    stop = onLocalWrite((tenantId, collection) => heard.push(`${tenantId === TENANT_A ? 'A' : tenantId}:${collection}`));
  });
  afterAll(async () => {
    stop();
    await t.dispose();
  });

  async function signalsOf(collection: string, doc: Record<string, unknown>): Promise<string[]> {
    heard.length = 0;
    const [result] = await pushRows(owner, collection, [{ newDocumentState: doc as never }], t.db);
    expect(result?.status ?? 'accepted').not.toBe('rejected');
    return [...new Set(heard)].sort();
  }

  it('a company signals its contacts, deals and activities; a deal its contacts and companies; a contact its companies', async () => {
    // Written before its company: the company's territory brings it in when the company comes.
    const graz = companyDoc({ name: 'Graz KG', country: 'Austria', ownerId: owner.userId });
    expect(await signalsOf('contacts', contactDoc({ lastName: 'Early', companyId: graz.id, ownerId: owner.userId }))).toEqual(['A:companies', 'A:contacts']);
    expect(await signalsOf('companies', graz)).toEqual(['A:activities', 'A:companies', 'A:contacts', 'A:deals']);
    expect(await signalsOf('deals', dealDoc({ name: 'Graz deal', companyId: graz.id, ownerId: owner.userId }))).toEqual(['A:companies', 'A:contacts', 'A:deals']);
  });
});
