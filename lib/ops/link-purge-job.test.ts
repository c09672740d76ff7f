import { readFileSync } from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { LINK_PURGE_JOB, runLinkPurge } from './link-purge-job';
import { lastRun } from './maintenance-runs';

const DAY = 86_400_000;

describe('scheduled purge of sign-up requests, password resets and outbox mail', () => {
  let t: TestDatabase;
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const tenant = uuidv7();

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query("INSERT INTO tenants (id, name, slug) VALUES ($1, 'Purge', 'purge-org')", [tenant]);
    const request = (label: string, expiresAt: string, usedAt: string | null) =>
      t.db.query('INSERT INTO signup_requests (id, email, token_hash, expires_at, used_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        uuidv7(),
        `${label}@test.example`,
        `hash-${label}`,
        expiresAt,
        usedAt,
        ago(30),
      ]);
    await request('pending', new Date(now.getTime() + DAY / 2).toISOString(), null);
    await request('expired-long-ago', ago(10), null);
    await request('expired-lately', ago(2), null);
    await request('used-long-ago', new Date(now.getTime() + DAY).toISOString(), ago(8));
    await request('used-lately', new Date(now.getTime() + DAY).toISOString(), ago(1));
    const user = uuidv7();
    await t.db.query("INSERT INTO users (id, email, name) VALUES ($1, 'purge.reset@test.example', 'Reset')", [user]);
    const reset = (label: string, expiresAt: string, usedAt: string | null) =>
      t.db.query('INSERT INTO password_resets (id, user_id, token_hash, expires_at, used_at) VALUES ($1, $2, $3, $4, $5)', [uuidv7(), user, `reset-${label}`, expiresAt, usedAt]);
    await reset('pending', new Date(now.getTime() + DAY / 24).toISOString(), null);
    await reset('expired-long-ago', ago(10), null);
    await reset('used-lately', ago(1), ago(1));
    await reset('used-long-ago', ago(9), ago(9));
    for (const [label, days] of [['old', 8], ['new', 1]] as const) {
      await t.db.query("INSERT INTO dev_mail_outbox (to_address, subject, body_text, created_at) VALUES ($1, 's', 'b', $2)", [`${label}@test.example`, ago(days)]);
      await t.db.query("INSERT INTO mail_outbox (tenant_id, to_address, subject, body_text, created_at) VALUES ($1, $2, 's', 'b', $3)", [tenant, `${label}@test.example`, ago(days)]);
    }
  });
  afterAll(() => t.dispose());

  it('deletes requests and resets used or expired over a week ago and outbox mail over a week old, keeps the rest, once per day', async () => {
    const outcome = await runLinkPurge(t.db, now);
    expect(outcome).toMatchObject({ status: 'done', detail: { signupRequests: 2, passwordResets: 2, devMail: 1, outboxMail: 1 } });
    const left = async (sql: string) => (await t.db.query<{ v: string }>(sql)).rows.map((r) => r.v).sort();
    expect(await left("SELECT split_part(email, '@', 1) AS v FROM signup_requests")).toEqual(['expired-lately', 'pending', 'used-lately']);
    expect(await left('SELECT token_hash AS v FROM password_resets')).toEqual(['reset-pending', 'reset-used-lately']);
    expect(await left('SELECT to_address AS v FROM dev_mail_outbox')).toEqual(['new@test.example']);
    expect(await left('SELECT to_address AS v FROM mail_outbox')).toEqual(['new@test.example']);
    expect((await lastRun(LINK_PURGE_JOB, t.db))?.ok).toBe(true);
    // Another instance ticking an hour later finds the day's run already done.
    expect(await runLinkPurge(t.db, new Date(now.getTime() + 3_600_000))).toEqual({ status: 'not_due' });
  });

  it('is one of the maintenance jobs every instance starts', () => {
    const source = readFileSync(path.join(process.cwd(), 'instrumentation.ts'), 'utf8');
    expect(source).toMatch(/import\('\.\/lib\/ops\/link-purge-job'\)/);
    expect(source).toMatch(/\(\) => runLinkPurge\(\)/);
  });
});
