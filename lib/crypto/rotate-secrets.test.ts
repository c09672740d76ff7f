import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { parseKeyRing } from './key-ring';
import { rotateSecrets } from './rotate-secrets';
import { decryptSecret, encryptSecret } from './secret-box';
import type { SealedColumn } from './sealed-columns';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const before = parseKeyRing(`old:${oldKey}`);
const after = parseKeyRing(`new:${newKey},old:${oldKey}`);
const column: SealedColumn = { table: 'secrets_demo', keyColumns: ['id'], column: 'secret', context: (row) => `demo:${String(row.id)}` };

describe('key rotation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.exec('CREATE TABLE secrets_demo (id int PRIMARY KEY, secret text)');
    for (let id = 1; id <= 450; id++) {
      await t.db.query('INSERT INTO secrets_demo VALUES ($1, $2)', [id, id % 50 === 0 ? null : encryptSecret(`s${id}`, `demo:${id}`, before)]);
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('moves every secret to the new primary key and keeps each readable', async () => {
    const counts = await rotateSecrets(t.db, [column], after);
    expect(counts).toEqual({ 'secrets_demo.secret': 441 });
    const { rows } = await t.db.query<{ id: number; secret: string }>('SELECT id, secret FROM secrets_demo WHERE secret IS NOT NULL ORDER BY id');
    expect(rows.every((r) => r.secret.startsWith('v1.new.'))).toBe(true);
    expect(rows.every((r) => decryptSecret(r.secret, `demo:${r.id}`, parseKeyRing(`new:${newKey}`)) === `s${r.id}`)).toBe(true);
  });

  it('is a no-op when run again', async () => {
    expect(await rotateSecrets(t.db, [column], after)).toEqual({ 'secrets_demo.secret': 0 });
  });
});
