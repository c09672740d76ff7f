// Two app instances on one Postgres and Redis, as behind a load balancer (docs/scaling.md): the
// second is started by playwright.config.ts with the first one's secrets and rate-limit
// namespace. What must hold whichever instance a request lands on: a session from one is good
// on the other, a change pushed through one reaches a phone streaming from the other, and limits
// are counted once for both. (Workflow workers on several processes running each step once:
// lib/workflows/crash.pg.test.ts.)
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { signInWithApi } from './fixtures/auth';
import { SECOND_URL } from './fixtures/servers';
import { expect, test } from './fixtures/tenant';

test.skip(!SECOND_URL, 'two instances need a shared Postgres (DATABASE_URL); embedded PGlite belongs to one process');

/** Reads server-sent events from `url` with the session of `request`, until `until` holds. */
async function openStream(request: APIRequestContext, url: string) {
  const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const abort = new AbortController();
  const res = await fetch(`${url}/api/sync/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const events: { event: string; data: unknown }[] = [];
  return {
    events,
    /** Waits for an event matching `match` (up to 15 s), reading as it comes. */
    async waitFor(match: (e: { event: string; data: unknown }) => boolean): Promise<void> {
      const deadline = Date.now() + 15_000;
      while (!events.some(match)) {
        if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(events)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended; got ${JSON.stringify(events)}`);
        buffered += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null });
        }
      }
    },
    close: () => abort.abort(),
  };
}

test('a session from instance A is good on B, and a change pushed through A reaches a phone streaming from B', async ({ playwright, baseURL, tenant }) => {
  const a = await playwright.request.newContext({ baseURL });
  expect((await signInWithApi(a, tenant.logins.rep)).ok()).toBe(true);
  // The cookie is for the host; only the port differs, as behind a load balancer.
  const b = await playwright.request.newContext({ baseURL: SECOND_URL, storageState: await a.storageState() });
  expect((await b.get('/api/auth/me')).status()).toBe(200);

  const stream = await openStream(b, SECOND_URL as string);
  try {
    await stream.waitFor((e) => e.event === 'resync');
    const at = new Date().toISOString();
    const contact = { id: randomUUID(), firstName: 'Grace', lastName: `Hopper ${Date.now()}`, email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
    const pushed = await a.post('/api/sync/contacts/push?protocol=2', { data: [{ newDocumentState: contact }] });
    expect(pushed.status()).toBe(200);
    expect(((await pushed.json()) as { results: { status: string }[] }).results[0]?.status).toBe('accepted');

    await stream.waitFor((e) => e.event === 'change' && (e.data as { collection?: string }).collection === 'contacts');
    // What B's pull then returns holds the contact A stored.
    let checkpoint: unknown = null;
    const seen: string[] = [];
    for (;;) {
      const page = (await (await b.post('/api/sync/contacts/pull', { data: { checkpoint, limit: 2000 } })).json()) as { documents: { id: string }[]; checkpoint: unknown };
      seen.push(...page.documents.map((d) => d.id));
      if (page.documents.length < 2000) break;
      checkpoint = page.checkpoint;
    }
    expect(seen).toContain(contact.id);
  } finally {
    stream.close();
    await a.dispose();
    await b.dispose();
  }
});

test('failed sign-ins are counted once across instances: the lockout holds on both', async ({ playwright, baseURL, tenant }) => {
  const a = await playwright.request.newContext({ baseURL });
  const b = await playwright.request.newContext({ baseURL: SECOND_URL });
  try {
    const login = tenant.logins.manager;
    // Five failures lock an account (lib/auth/auth-config.ts); split 3 + 2, neither instance alone reaches it.
    for (const [request, n] of [[a, 3], [b, 2]] as const) {
      for (let i = 0; i < n; i++) expect((await signInWithApi(request, login, `wrong-password-${i}`)).status()).not.toBe(429);
    }
    for (const request of [a, b]) {
      const res = await signInWithApi(request, login);
      expect(res.status(), 'the right password is refused while the account is locked').toBe(429);
      expect(Number(res.headers()['retry-after'])).toBeGreaterThan(60);
    }
  } finally {
    await a.dispose();
    await b.dispose();
  }
});
