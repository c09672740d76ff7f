import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeTotp, totpContext } from '../auth/second-factor';
import { seedAuthFixture, type Fixture } from '../auth/testing-fixtures';
import { startEnrollment } from '../auth/totp-enrollment';
import { totpCodeAt } from '../auth/totp';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem } from '../db/with-tenant';
import { createWorkflowSecret } from '../workflows/manage-workflows';
import { parseKeyRing, setKeyRing } from './key-ring';
import { rotateSecrets } from './rotate-secrets';
import { SEALED_COLUMNS } from './sealed-columns';
import { decryptSecret } from './secret-box';

// Key rotation over the real secret columns, written by the real code paths (TOTP enrollment,
// workflow secrets): after rotation every value is under the new key, the old key can go,
// and the consumers still read them.
const oldKey = `old:${randomBytes(32).toString('base64')}`;
const newKey = `new:${randomBytes(32).toString('base64')}`;

let t: TestDatabase;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setKeyRing(undefined);
  setDb(undefined);
  await t.dispose();
});

describe('sealed columns registry and rotation', () => {
  it('lists the TOTP and workflow secret columns', () => {
    expect(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`)).toEqual(['user_totp.secret_enc', 'workflow_secrets.sealed', 'webhook_subscriptions.secret_sealed', 'webhook_subscriptions.previous_secret_sealed']);
  });

  it('re-encrypts every TOTP and workflow secret under the new key; they still decrypt and work', async () => {
    setKeyRing(parseKeyRing(oldKey));
    const enrollment = await startEnrollment(f.users.admin.id, f.users.admin.email);
    const ctx = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' as const };
    const secret = await createWorkflowSecret(ctx, { name: 'Hook', value: 'a-very-long-webhook-secret-value' }, t.db);
    const read = async () => ({
      totp: (await t.db.query<{ s: string }>('SELECT secret_enc AS s FROM user_totp WHERE user_id = $1', [f.users.admin.id])).rows[0]!.s,
      hook: (await t.db.query<{ s: string }>('SELECT sealed AS s FROM workflow_secrets WHERE id = $1', [secret.id])).rows[0]!.s,
    });
    const before = await read();
    expect(before.totp.startsWith('v1.old.')).toBe(true);
    expect(before.hook.startsWith('v1.old.')).toBe(true);

    const ring = parseKeyRing(`${newKey},${oldKey}`);
    setKeyRing(ring);
    const counts = await rotateSecrets(t.db, SEALED_COLUMNS, ring);
    expect(counts).toMatchObject({ 'user_totp.secret_enc': 1, 'workflow_secrets.sealed': 1 });

    const after = await read();
    expect(after.totp.startsWith('v1.new.')).toBe(true);
    expect(after.hook.startsWith('v1.new.')).toBe(true);
    expect(after.totp).not.toBe(before.totp);

    // The old key is gone: only the new one remains, and everything still reads.
    const newOnly = parseKeyRing(newKey);
    setKeyRing(newOnly);
    expect(decryptSecret(after.totp, totpContext(f.users.admin.id), newOnly)).toBe(enrollment.secret);
    expect(decryptSecret(after.hook, `workflow-secret:${secret.id}`, newOnly)).toBe('a-very-long-webhook-secret-value');
    const code = await totpCodeAt(enrollment.secret, Date.now() / 1000);
    expect(await withSystem((tx) => consumeTotp(tx, f.users.admin.id, code, false), t.db)).toBe('ok');
    expect(() => decryptSecret(before.totp, totpContext(f.users.admin.id), newOnly)).toThrow(/not in ENCRYPTION_KEYS/);

    // A second run has nothing left to do.
    expect(await rotateSecrets(t.db, SEALED_COLUMNS, parseKeyRing(`${newKey},${oldKey}`))).toEqual(Object.fromEntries(SEALED_COLUMNS.map((c) => [`${c.table}.${c.column}`, 0])));
  });
});
