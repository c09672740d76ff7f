import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openStream } from '@/app/api/sync/stream/route';
import { bumpSessionVersion } from '@/lib/auth/sessions';
import { sessionStillAllows } from '@/lib/auth/session-recheck';
import { mintSessionCookie, type SessionFields } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import { updateMember } from '@/lib/tenancy/members';
import { ChangeHub } from '@/sync/server/change-hub';
import { CONFLICT_NOTICES_CHANNEL } from '@/sync/server/conflict-notices';
import { RevocationHub } from '@/sync/server/revocation-hub';
import { openChangeStream, openStreamCount, STREAM_RECHECK_MS } from '@/sync/server/change-stream';

let t: TestDatabase;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

const fields = (userId: string, tenantId: string, sv = 0): SessionFields => ({ sub: userId, sid: crypto.randomUUID(), sv, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });
async function streamRequest(s: SessionFields): Promise<Request> {
  resetLimiters();
  const c = await mintSessionCookie(s);
  return new Request('http://localhost/api/sync/stream', { headers: { cookie: `${c.name}=${c.value}` } });
}
const notify = (tenantId: string) => t.db.query(`SELECT pg_notify('crm_record_changes', $1)`, [JSON.stringify({ t: tenantId, c: 'contacts' })]);

/** Reads a stream in the background; `ended` resolves when the server closes it. */
function reader(res: Response) {
  const r = res.body!.getReader();
  const decoder = new TextDecoder();
  const state = { text: '', done: false };
  const ended = (async () => {
    for (;;) {
      const { done, value } = await r.read();
      if (done) break;
      state.text += decoder.decode(value);
    }
    state.done = true;
  })();
  return { state, ended, events: () => state.text.split('\n\n').filter((e) => e.startsWith('event:')) };
}
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('GET /api/sync/stream tells a person of their conflict notices', () => {
  it('sends `notices` to that person\'s streams only', async () => {
    const aborts: AbortController[] = [];
    const open = async (userId: string) => {
      const abort = new AbortController();
      aborts.push(abort);
      const s = reader(await openStream(new Request(await streamRequest(fields(userId, f.tenants.acme)), { signal: abort.signal })));
      await until(() => s.state.text.includes('event: resync'));
      return s;
    };
    const [rep, owner] = [await open(f.users.rep.id), await open(f.users.owner.id)];
    // For the owner in another organization: not this stream's.
    await t.db.query('SELECT pg_notify($1, $2)', [CONFLICT_NOTICES_CHANNEL, JSON.stringify({ t: f.tenants.globex, u: f.users.owner.id })]);
    await t.db.query('SELECT pg_notify($1, $2)', [CONFLICT_NOTICES_CHANNEL, JSON.stringify({ t: f.tenants.acme, u: f.users.owner.id })]);
    await until(() => owner.events().length === 2);
    expect(owner.events()[1]).toBe('event: notices\ndata: {}');
    await new Promise((r) => setTimeout(r, 200));
    expect(owner.events()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(rep.events()).toEqual(['event: resync\ndata: {}']);
    for (const a of aborts) a.abort();
    expect(await within(Promise.all([rep.ended, owner.ended]), 2000)).not.toBe('timeout');
  });
});

describe('GET /api/sync/stream ends with its session', () => {
  it('"sign out other devices" ends an open stream at once (revocation notification)', async () => {
    const res = await openStream(await streamRequest(fields(f.users.rep.id, f.tenants.acme)));
    expect(res.status).toBe(200);
    const s = reader(res);
    await until(() => s.state.text.includes('event: resync'));
    await notify(f.tenants.acme);
    await until(() => s.events().length === 2);
    expect(s.events()[1]).toBe('event: change\ndata: {"collection":"contacts"}');

    await bumpSessionVersion(f.users.rep.id);
    expect(await within(s.ended, 2000)).not.toBe('timeout');
    const delivered = s.events().length;
    await notify(f.tenants.acme);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.events().length).toBe(delivered);
    // Reconnecting with the old cookie is refused.
    expect((await openStream(await streamRequest(fields(f.users.rep.id, f.tenants.acme)))).status).toBe(401);
  });

  it('without notifications, the periodic recheck still ends it (an expired or missed revocation)', async () => {
    const hub = new ChangeHub(async () => t.db);
    const req = await streamRequest(fields(f.users.admin.id, f.tenants.acme));
    const ctx = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' as const };
    const s = reader(await openChangeStream(ctx, new AbortController().signal, hub, { stillAllowed: ({ cached }) => sessionStillAllows(req, ctx, 'records:read', { cached }), recheckMs: 150 }));
    await until(() => s.state.text.includes('event: resync'));
    await new Promise((r) => setTimeout(r, 400));
    expect(s.state.done).toBe(false);
    await t.db.query('UPDATE users SET session_version = session_version + 1 WHERE id = $1', [f.users.admin.id]); // no notification
    expect(await within(s.ended, 2000)).not.toBe('timeout');
    expect(STREAM_RECHECK_MS).toBeLessThanOrEqual(60_000);
  });

  it('deactivation in this organization ends the stream there; a change is not sent once the check fails', async () => {
    const hub = new ChangeHub(async () => t.db);
    const s0 = fields(f.users.both.id, f.tenants.acme);
    const req = await streamRequest(s0);
    const ctx = { userId: f.users.both.id, tenantId: f.tenants.acme, role: 'rep' as const };
    const s = reader(await openChangeStream(ctx, new AbortController().signal, hub, { stillAllowed: ({ cached }) => sessionStillAllows(req, ctx, 'records:read', { cached }), revocations: new RevocationHub(async () => t.db) }));
    await until(() => s.state.text.includes('event: resync'));
    await updateMember({ userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' }, f.users.both.id, { active: false });
    await notify(f.tenants.acme);
    expect(await within(s.ended, 2000)).not.toBe('timeout');
    expect(s.events()).toEqual(['event: resync\ndata: {}']);
    expect(hub.listenerCount(f.tenants.acme)).toBe(0);
    await updateMember({ userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' }, f.users.both.id, { active: true });
  });

  it('a change after a deactivation made in this process is never sent, even before any revocation notification', async () => {
    const hub = new ChangeHub(async () => t.db);
    const req = await streamRequest(fields(f.users.both.id, f.tenants.acme));
    const ctx = { userId: f.users.both.id, tenantId: f.tenants.acme, role: 'rep' as const };
    // No revocation hub and no periodic check within the test: only the check before each change can stop it.
    const s = reader(await openChangeStream(ctx, new AbortController().signal, hub, { stillAllowed: ({ cached }) => sessionStillAllows(req, ctx, 'records:read', { cached }) }));
    await until(() => s.state.text.includes('event: resync'));
    await notify(f.tenants.acme);
    await until(() => s.events().length === 2);
    expect(s.events()[1]).toBe('event: change\ndata: {"collection":"contacts"}');
    await new Promise((r) => setTimeout(r, 100)); // past the coalescing window: the next change would go out at once

    await updateMember({ userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' }, f.users.both.id, { active: false });
    await notify(f.tenants.acme);
    expect(await within(s.ended, 2000)).not.toBe('timeout');
    expect(s.events()).toHaveLength(2);
    expect(hub.listenerCount(f.tenants.acme)).toBe(0);
    await updateMember({ userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' }, f.users.both.id, { active: true });
  });

  it('caps streams per person: the sixth closes the oldest with a "closed" event', async () => {
    const hub = new ChangeHub(async () => t.db);
    const ctx = { userId: f.users.auditor.id, tenantId: f.tenants.acme, role: 'auditor' as const };
    const aborts = Array.from({ length: 6 }, () => new AbortController());
    const streams: ReturnType<typeof reader>[] = [];
    for (const a of aborts) {
      streams.push(reader(await openChangeStream(ctx, a.signal, hub)));
      await until(() => streams.at(-1)!.state.text.includes('event: resync'));
    }
    expect(await within(streams[0]!.ended, 2000)).not.toBe('timeout');
    expect(streams[0]!.events().at(-1)).toBe('event: closed\ndata: {"reason":"too_many_streams"}');
    expect(streams.slice(1).every((x) => !x.state.done)).toBe(true);
    expect(openStreamCount(ctx.userId)).toBe(5);
    expect(hub.listenerCount(f.tenants.acme)).toBe(5);
    for (const a of aborts) a.abort();
    await Promise.all(streams.map((x) => x.ended));
    expect(openStreamCount(ctx.userId)).toBe(0);
    expect(hub.listenerCount(f.tenants.acme)).toBe(0);
  });
});
