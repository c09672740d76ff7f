// The route handlers end to end (body reading, permission, error mapping) on a real database.
// Authentication itself is tested in lib/auth; here withSession's contract is stood in by a
// caller taken from `state.session`, with the permission checked by the real role model.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import { setDb } from '@/lib/db/open-database';
import type { TestDatabase } from '@/lib/db/testing';
import { contactDoc, createSyncTestDatabase, feedSettled, session, TENANT_A } from '@/sync/server/testing';
import { POST as pull } from './[collection]/pull/route';
import { POST as push } from './[collection]/push/route';

const params = (collection: string) => ({ params: Promise.resolve({ collection }) });
const post = (body: string, type = 'application/json') => new Request('http://x/api/sync', { method: 'POST', body, headers: { 'content-type': type } });
const state = vi.hoisted(() => ({ session: null as SessionContext | null }));
vi.mock('@/lib/auth/with-session', async () => {
  const { errorResponse } = await import('@/lib/http/error-response');
  const { AppError, ErrorCode } = await import('@/lib/http/app-error');
  const { can } = await import('@/lib/auth/roles');
  return {
    withSession: async (_req: Request, options: { permission?: Parameters<typeof can>[1] }, fn: (r: { ctx: SessionContext }) => Promise<unknown>) => {
      try {
        if (!state.session) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
        if (options.permission && !can(state.session.role, options.permission)) throw new AppError(ErrorCode.Forbidden, 'Not allowed');
        const result = await fn({ ctx: state.session });
        return result instanceof Response ? result : Response.json(result ?? { ok: true });
      } catch (err) {
        return errorResponse(err);
      }
    },
  };
});
const as = (role: Parameters<typeof session>[1]) => {
  state.session = session(TENANT_A, role);
};

describe('sync route handlers', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    setDb(t.db);
  });
  afterEach(() => {
    state.session = null;
  });
  afterAll(async () => {
    setDb(undefined);
    await t.dispose();
  });

  it('push then pull round-trips a document', async () => {
    as('owner');
    const doc = contactDoc();
    const pushed = await push(post(JSON.stringify([{ newDocumentState: doc }])), params('contacts'));
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual([]);
    await feedSettled(t.db);
    const pulled = await pull(post('{"limit":10}'), params('contacts'));
    expect(pulled.status).toBe(200);
    expect((await pulled.json()).documents).toEqual([doc]);
  });

  it('client mistakes get a 4xx with a message, never a 500', async () => {
    as('owner');
    const cases: [Promise<Response>, number, RegExp][] = [
      [push(post('[{"newDocumentState":'), params('contacts')), 400, /not valid JSON/],
      [push(post('a=1', 'application/x-www-form-urlencoded'), params('contacts')), 415, /application\/json/],
      [push(post('[]'), params('invoices')), 404, /Unknown collection "invoices"/],
      [push(post(JSON.stringify([{ newDocumentState: { id: 'x' } }])), params('contacts')), 422, /newDocumentState/],
      [push(post(JSON.stringify([{ newDocumentState: contactDoc(), pad: 'x'.repeat(4_100_000) }])), params('contacts')), 413, /Body over/],
      [pull(post('{"checkpoint":{"xid":"abc","seq":1,"h":0}}'), params('contacts')), 422, /checkpoint.xid/],
      [pull(post('nonsense'), params('contacts')), 400, /not valid JSON/],
    ];
    for (const [res, status, message] of cases) {
      const r = await res;
      expect(r.status).toBe(status);
      expect((await r.json()).error.message).toMatch(message);
    }
  });

  it('an auditor may pull but not push; no session is 401', async () => {
    as('auditor');
    expect((await pull(post('{}'), params('contacts'))).status).toBe(200);
    const refused = await push(post(JSON.stringify([{ newDocumentState: contactDoc() }])), params('contacts'));
    expect(refused.status).toBe(403);
    state.session = null;
    expect((await pull(post('{}'), params('contacts'))).status).toBe(401);
  });
});
