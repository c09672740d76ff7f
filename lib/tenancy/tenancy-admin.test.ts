import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthState } from '../auth/auth-state';
import type { SessionContext } from '../auth/session-context';
import { signInWithPassword } from '../auth/sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from '../auth/testing-fixtures';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { AppError } from '../http/app-error';
import { listOutbox, outboxMailer } from '../mail/mailer';
import { acceptInvite, createInvite, previewInvite } from './invites';
import { listMembers, resetMemberTotp, updateMember } from './members';
import { getMfaPolicy, setMfaPolicy } from './tenant-settings';

let t: TestDatabase;
let f: Fixture;
const meta = { ip: '10.1.0.1' };

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
}

const ctxOf = (tenantId: string, userId: string, role: SessionContext['role']): SessionContext => ({ tenantId, userId, role });

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

async function inviteLink(ctx: SessionContext, email: string, role: SessionContext['role']): Promise<string> {
  await createInvite(ctx, { email, role }, 'https://crm.example', outboxMailer());
  const mail = (await listOutbox(ctx.tenantId)).find((m) => m.to === email);
  const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error('no invite link in the outbox');
  return token;
}

describe('invites', () => {
  const admin = () => ctxOf(f.tenants.acme, f.users.admin.id, 'admin');

  it('mails a single-use link; the new member can sign in; the link never works twice', async () => {
    const token = await inviteLink(admin(), 'new.rep@test.example', 'rep');
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM invites WHERE email = $1', ['new.rep@test.example']);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
    expect(await previewInvite(token)).toMatchObject({ email: 'new.rep@test.example', role: 'rep', tenantName: 'Acme', existingUser: false });

    // A failed attempt (no password) leaves the invite usable.
    expect(await status(acceptInvite({ token, name: 'New Rep' }, meta, null))).toBe(422);
    expect(await acceptInvite({ token, name: 'New Rep', password: 'orange kettle drums 77' }, meta, null)).toEqual({ email: 'new.rep@test.example' });
    expect(await status(acceptInvite({ token, name: 'Again', password: 'orange kettle drums 77' }, meta, null))).toBe(404);
    expect(await previewInvite(token)).toBeNull();

    const s = await signInWithPassword({ email: 'new.rep@test.example', password: 'orange kettle drums 77' }, meta);
    expect((await loadAuthState(s!))?.tenant).toMatchObject({ tenantId: f.tenants.acme, role: 'rep' });
  });

  it('two concurrent accepts: exactly one wins', async () => {
    const token = await inviteLink(admin(), 'racer@test.example', 'manager');
    const results = await Promise.all([1, 2].map((i) => status(acceptInvite({ token, name: `R${i}`, password: 'orange kettle drums 77' }, meta, null))));
    expect(results.sort()).toEqual([200, 404]);
  });

  it('an expired link is refused', async () => {
    const token = await inviteLink(admin(), 'late@test.example', 'rep');
    await t.db.query("UPDATE invites SET expires_at = now() - interval '1 second' WHERE email = 'late@test.example'");
    expect(await status(acceptInvite({ token, name: 'Late', password: 'orange kettle drums 77' }, meta, null))).toBe(404);
  });

  it('an existing account joins another tenant without a new password, only signed in as itself', async () => {
    const token = await inviteLink(ctxOf(f.tenants.globex, f.users.globexAdmin.id, 'admin'), f.users.rep.email, 'auditor');
    expect(await status(acceptInvite({ token }, meta, null))).toBe(401);
    expect(await status(acceptInvite({ token }, meta, f.users.admin.id))).toBe(403);
    await acceptInvite({ token }, meta, f.users.rep.id);
    const s = await signInWithPassword({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, meta);
    expect((await loadAuthState(s!))?.memberships.map((m) => `${m.tenantName}:${m.role}`)).toEqual(['Acme:rep', 'Globex:auditor']);
  });

  it('admins cannot invite owners; the outbox of one tenant is invisible to another', async () => {
    expect(await status(createInvite(admin(), { email: 'boss@test.example', role: 'owner' }, 'https://x', outboxMailer()))).toBe(403);
    const acmeMail = await listOutbox(f.tenants.acme);
    const globexMail = await listOutbox(f.tenants.globex);
    expect(acmeMail.length).toBeGreaterThan(0);
    expect(globexMail.every((m) => m.to === f.users.rep.email)).toBe(true);
  });
});

describe('members', () => {
  it('the last owner cannot be demoted or deactivated; with a second owner it works', async () => {
    const owner = ctxOf(f.tenants.acme, f.users.owner.id, 'owner');
    expect(await status(updateMember(owner, f.users.owner.id, { role: 'admin' }))).toBe(409);
    expect(await status(updateMember(owner, f.users.owner.id, { active: false }))).toBe(409);
    await updateMember(owner, f.users.admin.id, { role: 'owner' });
    await updateMember(owner, f.users.owner.id, { role: 'admin' });
    const roles = Object.fromEntries((await listMembers(owner)).map((m) => [m.userId, m.role]));
    expect(roles[f.users.owner.id]).toBe('admin');
    expect(roles[f.users.admin.id]).toBe('owner');
    // Restore for the other tests.
    const newOwner = ctxOf(f.tenants.acme, f.users.admin.id, 'owner');
    await updateMember(newOwner, f.users.owner.id, { role: 'owner' });
    await updateMember(newOwner, f.users.admin.id, { role: 'admin' });
  });

  it('an admin cannot change an owner or appoint one', async () => {
    const admin = ctxOf(f.tenants.acme, f.users.admin.id, 'admin');
    expect(await status(updateMember(admin, f.users.owner.id, { active: false }))).toBe(403);
    expect(await status(updateMember(admin, f.users.rep.id, { role: 'owner' }))).toBe(403);
    expect(await status(resetMemberTotp(admin, f.users.owner.id))).toBe(403);
  });

  it('deactivation ends the member’s session at once', async () => {
    const admin = ctxOf(f.tenants.acme, f.users.admin.id, 'admin');
    const s = await signInWithPassword({ email: f.users.auditor.email, password: FIXTURE_PASSWORD }, meta);
    expect(await loadAuthState(s!)).not.toBeNull();
    await updateMember(admin, f.users.auditor.id, { active: false });
    expect(await loadAuthState(s!)).toBeNull();
    await updateMember(admin, f.users.auditor.id, { active: true });
  });

  it('tenant isolation: another tenant’s admin sees and changes nothing here', async () => {
    const globexAdmin = ctxOf(f.tenants.globex, f.users.globexAdmin.id, 'admin');
    const ids = (await listMembers(globexAdmin)).map((m) => m.userId);
    expect(ids).not.toContain(f.users.admin.id);
    expect(ids).toContain(f.users.globexAdmin.id);
    expect(await status(updateMember(globexAdmin, f.users.admin.id, { active: false }))).toBe(404);
    expect(await status(resetMemberTotp(globexAdmin, f.users.admin.id))).toBe(404);
    const still = await t.db.query<{ is_active: boolean }>('SELECT is_active FROM memberships WHERE user_id = $1', [f.users.admin.id]);
    expect(still.rows[0]?.is_active).toBe(true);
  });
});

describe('2FA policy and new organizations', () => {
  it('a tenant can require 2FA for reps; owners and admins always need it', async () => {
    const admin = ctxOf(f.tenants.acme, f.users.admin.id, 'admin');
    const s = await signInWithPassword({ email: f.users.both.email, password: FIXTURE_PASSWORD }, meta);
    const inAcme = { ...s!, tid: f.tenants.acme };
    expect((await loadAuthState(inAcme))?.stage).toBe('ready');
    expect(await setMfaPolicy(admin, { mfaRequiredRoles: ['rep', 'rep'] })).toEqual({ mfaRequiredRoles: ['rep'] });
    expect((await loadAuthState(inAcme))?.stage).toBe('needs_enrollment');
    // The same person as manager in Globex is not affected by Acme's policy.
    expect((await loadAuthState({ ...s!, tid: f.tenants.globex }))?.stage).toBe('ready');
    expect(await getMfaPolicy(ctxOf(f.tenants.globex, f.users.globexAdmin.id, 'admin'))).toEqual({ mfaRequiredRoles: [] });
    await setMfaPolicy(admin, { mfaRequiredRoles: [] });
  });
});
