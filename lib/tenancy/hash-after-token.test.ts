import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as argon2 from '@node-rs/argon2';
import type { SessionContext } from '../auth/session-context';
import { seedAuthFixture, type Fixture } from '../auth/testing-fixtures';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { AppError } from '../http/app-error';
import { listDevMail, listOutbox, outboxMailer } from '../mail/mailer';
import { completeSignup, requestOrganization } from './create-organization';
import { acceptInvite, createInvite } from './invites';

// Security (review of issue 13, items 1 and 6): the sign-up and invite links are public POSTs.
// argon2 is slow and memory-hungry on purpose, so it must run only for a link that is valid,
// never for a made-up token (an unauthenticated way to make the server burn 19 MiB and tens
// of milliseconds per request). The library is wrapped, not replaced: hashes stay real.
vi.mock('@node-rs/argon2', async (original) => {
  const real = await original<typeof argon2>();
  return { ...real, hash: vi.fn(real.hash) };
});

let t: TestDatabase;
let f: Fixture;
const meta = { ip: '203.0.113.7' };
const PASSWORD = 'orange kettle drums 77';
const MADE_UP = 'Z'.repeat(43);

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (err: unknown) => (err instanceof AppError ? err.status : 500),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});
beforeEach(() => {
  vi.mocked(argon2.hash).mockClear();
});

describe('the password is hashed only for a valid link', () => {
  it('completing a sign-up: a made-up or used token answers 404 without hashing; a valid one hashes once', async () => {
    expect(await status(completeSignup({ token: MADE_UP, organizationName: 'Nope', name: 'N', password: PASSWORD }, null, meta))).toBe(404);
    expect(argon2.hash).not.toHaveBeenCalled();

    await requestOrganization({ email: 'hash.after@test.example' }, 'https://crm.example', outboxMailer(), meta);
    const token = /\/create-organization\/([A-Za-z0-9_-]{43})/.exec((await listDevMail('hash.after@test.example'))[0]?.text ?? '')?.[1];
    if (!token) throw new Error('no sign-up link');
    // A new account without a name is refused before any hashing too.
    expect(await status(completeSignup({ token, organizationName: 'Hashed', password: PASSWORD }, null, meta))).toBe(422);
    expect(argon2.hash).not.toHaveBeenCalled();
    expect(await completeSignup({ token, organizationName: 'Hashed', name: 'Hana', password: PASSWORD }, null, meta)).toMatchObject({ newAccount: true });
    expect(argon2.hash).toHaveBeenCalledTimes(1);
    expect(await status(completeSignup({ token, organizationName: 'Again', name: 'Hana', password: PASSWORD }, null, meta))).toBe(404);
    expect(argon2.hash).toHaveBeenCalledTimes(1);
  });

  it('accepting an invite: a made-up token, or a password sent for an existing account, is never hashed', async () => {
    expect(await status(acceptInvite({ token: MADE_UP, name: 'N', password: PASSWORD }, meta, null))).toBe(404);
    expect(argon2.hash).not.toHaveBeenCalled();

    const link = async (email: string) => {
      const mail = (await listOutbox(f.tenants.globex)).find((m) => m.to === email);
      const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
      if (!token) throw new Error(`no invite link for ${email}`);
      return token;
    };
    const ctx: SessionContext = { tenantId: f.tenants.globex, userId: f.users.globexAdmin.id, role: 'admin' };
    // An existing account accepts signed in as itself; a password it sends along is never hashed.
    await createInvite(ctx, { email: f.users.owner.email, role: 'rep' }, 'https://crm.example', outboxMailer());
    expect(await acceptInvite({ token: await link(f.users.owner.email), name: 'O', password: PASSWORD }, meta, f.users.owner.id)).toEqual({ email: f.users.owner.email });
    expect(argon2.hash).not.toHaveBeenCalled();
    // A new address: hashed once, for the valid invite.
    await createInvite(ctx, { email: 'new.invitee@test.example', role: 'rep' }, 'https://crm.example', outboxMailer());
    expect(await acceptInvite({ token: await link('new.invitee@test.example'), name: 'Nia', password: PASSWORD }, meta, null)).toEqual({ email: 'new.invitee@test.example' });
    expect(argon2.hash).toHaveBeenCalledTimes(1);
  });
});
