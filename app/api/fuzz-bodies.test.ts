// Fuzz test over every route that reads a body: each handler is imported and called directly
// with a real session of a role allowed to use it, a valid body, and hostile variants of it
// (NUL, lone surrogates, impossible dates, integers past their column, 10,000-level nesting,
// bodies over the limit, and chunked bodies with no Content-Length). No answer may be a 5xx,
// and a 50 MB chunked body must be refused after reading about the route's limit.
// Deterministic: every random choice comes from one seeded generator.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetEnvCache } from '@/lib/env';
import { chunkedBody } from '@/lib/http/testing';
import { listDevMail } from '@/lib/mail/mailer';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import { seededRandom } from '@/lib/seed/random';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { signPayload } from '@/lib/workflows/webhook-delivery';
import { MAX_PUSH_BYTES } from '@/sync/schema/protocol';
import { BODY_READING_HANDLERS } from '@/lib/api-v1/handlers';

const API = path.resolve(import.meta.dirname);
const AT = '2026-11-22T09:00:00.000Z';

/** `apiKey`: API v1, with an admin's key as a Bearer token instead of a session cookie. */
type Role = 'owner' | 'admin' | 'rep' | 'public' | 'apiKey';
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Target {
  /** Route file relative to app/api, and the method that reads a body. */
  route: string;
  method: 'POST' | 'PUT' | 'PATCH';
  role: Role;
  params: () => Record<string, string | string[]>;
  /** A body the route accepts (or refuses only for state: a wrong password, an unknown token). */
  body: () => Json;
  /** The route's body limit in bytes. */
  limit: number;
  /** Bodies go through a signature first (the incoming webhook): sign each one. */
  signed?: boolean;
  /** next-auth needs Next's request scope past the size check: send only bodies refused before it. */
  sizeOnly?: boolean;
  /** An HTML form post (application/x-www-form-urlencoded): `body` gives its fields. */
  form?: boolean;
  /** The route refuses every body by design, unread (the no-JavaScript fallback: a 303 to its page). */
  alwaysRefuses?: boolean;
  contentType?: string;
}

let t: TestDatabase;
let f: Fixture;
const cookies: Partial<Record<Role, string>> = {};
/** The webhook subscription the PATCH target changes (made in beforeAll). */
let webhookId = '';
const ids = { manualWorkflow: '', hookWorkflow: '', hookSecret: '', pipeline: uuidv7(), contact: uuidv7(), signupToken: '', apiKey: '' };

async function sendRaw(target: Target, body: BodyInit | null, headers: Record<string, string> = {}, init: Record<string, unknown> = {}): Promise<Response> {
  const h = new Headers({ 'content-type': target.contentType ?? 'application/json', ...headers });
  const cookie = cookies[target.role];
  if (cookie) h.set('cookie', cookie);
  if (target.role === 'apiKey') h.set('authorization', `Bearer ${ids.apiKey}`);
  const mod = (await import(/* @vite-ignore */ path.join(API, target.route))) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
  const req = new Request(`http://localhost/api/${target.route.replace(/\/route\.ts$/, '')}`, { method: target.method, headers: h, body, ...init } as RequestInit);
  return mod[target.method]!(req, { params: Promise.resolve(target.params()) });
}

async function send(target: Target, text: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (target.signed) headers['x-crm-signature'] = signPayload(ids.hookSecret, text, Math.floor(Date.now() / 1000));
  return sendRaw(target, text, headers);
}

const activity = (): Json => ({
  id: uuidv7(), kind: 'call', subject: 'Call back', body: null, dueAt: AT, done: false, occurredAt: null, contactId: null, companyId: null, dealId: null,
  ownerId: null, latitude: 48.1, longitude: 11.5, createdAt: AT, updatedAt: AT, _deleted: false,
});
const docs: Record<string, () => Json> = {
  companies: () => ({ id: uuidv7(), name: 'Acme', domain: 'acme.test', industry: null, phone: null, address: null, city: 'Berlin', country: null, ownerId: null, createdAt: AT, updatedAt: AT, _deleted: false }),
  contacts: () => ({ id: uuidv7(), firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.test', phone: null, title: null, companyId: null, ownerId: null, createdAt: AT, updatedAt: AT, _deleted: false }),
  pipelines: () => ({ id: uuidv7(), name: 'Sales', position: 1, stages: [{ id: 'lead', name: 'Lead', probability: 10 }], createdAt: AT, updatedAt: AT, _deleted: false }),
  deals: () => ({
    id: uuidv7(), name: 'Fleet', pipelineId: ids.pipeline, stageId: 'lead', amountCents: 12_500_000, currency: 'EUR', closeDate: '2026-12-31', status: 'open',
    companyId: null, contactId: null, ownerId: null, createdAt: AT, updatedAt: AT, _deleted: false,
  }),
  activities: activity,
};

const manualDefinition = (): Json => ({
  schemaVersion: 2,
  trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'status', op: 'eq', value: 'won' }] } },
  steps: [
    { id: 'n1', type: 'notify', name: 'Tell', recipient: { type: 'record_owner' }, message: 'Deal {{record.name}} won' },
    { id: 'w1', type: 'wait', name: 'Wait', wait: { mode: 'duration', seconds: 60 } },
    { id: 'c1', type: 'create_record', name: 'Task', kind: 'task', subject: 'Follow up', dueInHours: 24, assignee: { type: 'record_owner' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'n1' },
    { id: 'e2', source: 'n1', target: 'w1' },
  ],
});

const HEAD = {
  payload: { v: 1, tenantId: '01937c4e-7d2a-7000-8000-000000000001', signedAt: AT, headSeq: 3, headHash: 'a'.repeat(64), entries: 3, checkpoint: null },
  keyId: 'k1',
  signature: 'c2lnbmF0dXJl',
};

const ALL_TARGETS: Target[] = [
  { route: 'admin/invites/route.ts', method: 'POST', role: 'owner', params: () => ({}), body: () => ({ email: 'invitee@fuzz.test', role: 'rep' }), limit: 2_000 },
  { route: 'admin/members/[userId]/route.ts', method: 'PATCH', role: 'owner', params: () => ({ userId: f.users.rep.id }), body: () => ({ role: 'rep', active: true, team: 'North' }), limit: 1_000 },
  { route: 'admin/settings/route.ts', method: 'PUT', role: 'owner', params: () => ({}), body: () => ({ mfaRequiredRoles: ['manager'] }), limit: 1_000 },
  // Open here because TEST_TENANTS=1 below: each accepted variant seeds a small tenant.
  { route: 'dev/tenants/route.ts', method: 'POST', role: 'public', params: () => ({}), body: () => ({ label: 'fuzz' }), limit: 1_000 },
  { route: 'admin/settings/sync-scope/route.ts', method: 'PUT', role: 'owner', params: () => ({}), body: () => ({ scope: 'all' }), limit: 1_000 },
  { route: 'admin/settings/audit-retention/route.ts', method: 'PUT', role: 'owner', params: () => ({}), body: () => ({ days: 365 }), limit: 1_000 },
  { route: 'admin/settings/retention/route.ts', method: 'PUT', role: 'owner', params: () => ({}), body: () => ({ activitiesDays: 730, closedDealsMonths: 24, changeLogDays: null, runPayloadDays: 30, auditDays: 365 }), limit: 1_000 },
  { route: 'admin/settings/retention/preview/route.ts', method: 'POST', role: 'owner', params: () => ({}), body: () => ({ activitiesDays: 30, closedDealsMonths: 1, changeLogDays: 7, runPayloadDays: 1, auditDays: 30 }), limit: 1_000 },
  // Exports the contact API v1 makes in beforeAll (each accepted variant records a request).
  { route: 'admin/privacy/export/route.ts', method: 'POST', role: 'owner', params: () => ({}), body: () => ({ contactId: ids.contact, format: 'csv' }), limit: 1_000 },
  // A contact that does not exist (404): erasing the real one would break the API v1 PATCH target.
  { route: 'admin/privacy/erase/route.ts', method: 'POST', role: 'owner', params: () => ({}), body: () => ({ contactId: '0190b000-0000-7000-8000-00000000dead', confirm: true }), limit: 1_000 },
  // Every variant that stays valid still allows every address, so later requests are not locked out.
  { route: 'admin/settings/ip-allowlist/route.ts', method: 'PUT', role: 'owner', params: () => ({}), body: () => ({ ranges: ['0.0.0.0/0', '::/0'] }), limit: 20_000 },
  { route: 'auth/password/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ currentPassword: 'not the password', newPassword: 'a new and long passphrase 2026' }), limit: 4_000 },
  { route: 'auth/second-factor/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ code: '123456' }), limit: 1_000 },
  { route: 'auth/tenant/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ tenantId: f.tenants.acme }), limit: 1_000 },
  { route: 'auth/totp/confirm/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ code: '123456' }), limit: 1_000 },
  { route: 'auth/totp/disable/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ code: '123456' }), limit: 1_000 },
  { route: 'auth/totp/recovery-codes/route.ts', method: 'POST', role: 'rep', params: () => ({}), body: () => ({ code: '123456' }), limit: 1_000 },
  {
    route: 'auth/[...nextauth]/route.ts', method: 'POST', role: 'public', params: () => ({ nextauth: ['callback', 'password'] }), sizeOnly: true, limit: 16_000,
    contentType: 'application/x-www-form-urlencoded', body: () => 'email=a%40b.test&password=x',
  },
  { route: 'hooks/workflows/[id]/route.ts', method: 'POST', role: 'public', params: () => ({ id: ids.hookWorkflow }), signed: true, body: () => ({ order: { id: 'A-1', total: 12.5, lines: [{ sku: 'x', at: AT }] } }), limit: 64 * 1024 },
  { route: 'invites/accept/route.ts', method: 'POST', role: 'public', params: () => ({}), body: () => ({ token: 'A'.repeat(43), name: 'New Person' }), limit: 4_000 },
  // Sign-up, step 1 takes an email only (anything else is stripped, so fuzzing it tests nothing).
  { route: 'organizations/route.ts', method: 'POST', role: 'public', params: () => ({}), body: () => ({ email: 'founder@fuzz.test' }), limit: 4_000 },
  { route: 'auth/password-reset/route.ts', method: 'POST', role: 'public', params: () => ({}), body: () => ({ email: 'forgetful@fuzz.test' }), limit: 4_000 },
  // A made-up token: a real one would end the sessions the other targets use once a variant set its password.
  { route: 'auth/password-reset/complete/route.ts', method: 'POST', role: 'public', params: () => ({}), body: () => ({ token: 'R'.repeat(43), password: 'a new and long passphrase 2026' }), limit: 4_000 },
  ...Object.keys(docs).flatMap((collection): Target[] => [
    { route: 'sync/[collection]/pull/route.ts', method: 'POST', role: 'owner', params: () => ({ collection }), body: () => ({ checkpoint: { xid: '1', seq: 0, h: 0 }, limit: 10 }), limit: 10_000 },
    { route: 'sync/[collection]/push/route.ts', method: 'POST', role: 'owner', params: () => ({ collection }), body: () => [{ newDocumentState: docs[collection]!() }], limit: MAX_PUSH_BYTES },
  ]),
  ...Object.keys(docs).flatMap((resource): Target[] => {
    // API v1 takes a record without the server's fields (id, createdAt, updatedAt, _deleted).
    const apiBody = (): Json => {
      const { id: _id, createdAt: _c, updatedAt: _u, _deleted: _d, ...fields } = docs[resource]!() as Record<string, Json>;
      return fields;
    };
    return [
      { route: 'v1/[resource]/route.ts', method: 'POST', role: 'apiKey', params: () => ({ resource }), body: apiBody, limit: 1_000_000 },
      { route: 'v1/[resource]/bulk/route.ts', method: 'POST', role: 'apiKey', params: () => ({ resource }), body: () => ({ items: [apiBody(), apiBody()] }), limit: 8_000_000 },
    ];
  }),
  { route: 'v1/workflows/[id]/runs/route.ts', method: 'POST', role: 'apiKey', params: () => ({ id: ids.manualWorkflow }), body: () => ({ input: { note: 'from the ERP', count: 3, when: AT } }), limit: 128_000 },
  { route: 'v1/[resource]/[id]/route.ts', method: 'PATCH', role: 'apiKey', params: () => ({ resource: 'contacts', id: ids.contact }), body: () => ({ title: 'Engineer', email: 'ada@acme.test' }), limit: 1_000_000 },
  { route: 'workflows/route.ts', method: 'POST', role: 'admin', params: () => ({}), body: () => ({ name: 'Fuzzed', definition: manualDefinition() }), limit: 1_000_000 },
  { route: 'workflows/[id]/route.ts', method: 'PUT', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => ({ name: 'Renamed', definition: manualDefinition(), revision: 0 }), limit: 1_000_000 },
  { route: 'workflows/[id]/enabled/route.ts', method: 'PUT', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => ({ enabled: true }), limit: 1_000 },
  // Restoring (a no-op here): archiving would switch off the workflow the later targets run.
  { route: 'workflows/[id]/archived/route.ts', method: 'PUT', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => ({ archived: false }), limit: 1_000 },
  { route: 'workflows/[id]/dry-run/route.ts', method: 'POST', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => ({}), limit: 1_000_000 },
  { route: 'workflows/[id]/runs/route.ts', method: 'POST', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => ({ input: { note: 'by hand', count: 3, when: AT } }), limit: 128_000 },
  { route: 'workflows/secrets/route.ts', method: 'POST', role: 'admin', params: () => ({}), body: () => ({ name: 'Partner', value: 'a-long-enough-secret-value' }), limit: 4_000 },
  // Each accepted variant makes a subscription (past the organization's limit: 409, never a 5xx).
  { route: 'developers/webhooks/route.ts', method: 'POST', role: 'admin', params: () => ({}), body: () => ({ url: 'https://hooks.example.com/crm?token=abc', eventTypes: ['deals.created', 'workflow_run.failed'], description: 'ERP sync', active: true }), limit: 8_000 },
  { route: 'developers/webhooks/[id]/route.ts', method: 'PATCH', role: 'admin', params: () => ({ id: webhookId }), body: () => ({ url: 'https://hooks.example.com/crm', eventTypes: ['contacts.updated'], description: 'ERP', active: true }), limit: 8_000 },
  { route: 'audit/verify/route.ts', method: 'POST', role: 'owner', params: () => ({}), body: () => ({ heads: [HEAD] }), limit: 10_000_000 },
  { route: 'developers/keys/route.ts', method: 'POST', role: 'admin', params: () => ({}), body: () => ({ name: 'Fuzz key', scopes: ['contacts:read', 'deals:write'], expiresAt: '2099-01-01T00:00:00.000Z' }), limit: 4_000 },
  // A real, pending link for an existing account, sent signed out: every variant that parses goes
  // through the token look-up and the account check (401) and leaves the link unused for the next.
  {
    route: 'organizations/complete/route.ts', method: 'POST', role: 'public', params: () => ({}), limit: 4_000,
    body: () => ({ token: ids.signupToken, organizationName: 'Fuzz Ltd', name: 'Founder', password: 'a new and long passphrase 2026' }),
  },
  {
    route: 'auth/sign-in/route.ts', method: 'POST', role: 'public', params: () => ({}), form: true, contentType: 'application/x-www-form-urlencoded',
    body: () => ({ email: 'nobody@fuzz.test', password: 'not the password', next: '/today' }), limit: 16_000,
  },
  {
    route: 'forms/needs-javascript/route.ts', method: 'POST', role: 'public', params: () => ({}), form: true, alwaysRefuses: true, contentType: 'application/x-www-form-urlencoded',
    body: () => ({ password: 'secret' }), limit: 0,
  },
];
// Routes other work adds or removes: fuzz those that exist (the coverage test catches any missing).
const TARGETS = ALL_TARGETS.filter((x) => existsSync(path.join(API, x.route)));

/** Route files (relative to app/api) whose source reads a request body, or calls an API v1 handler that does. */
function bodyRoutes(): string[] {
  const reads = new RegExp(`readJson|readJsonText|readBodyBytes|withBoundedBody|req\\.(text|json|formData|arrayBuffer|blob)\\(|req\\.body\\b|\\b(${BODY_READING_HANDLERS.join('|')})\\(`);
  return (readdirSync(API, { recursive: true }) as string[])
    .filter((p) => p.endsWith(`${path.sep}route.ts`) || p === 'route.ts')
    .filter((p) => reads.test(readFileSync(path.join(API, p), 'utf8')))
    .map((p) => p.split(path.sep).join('/'))
    .sort();
}

// ---- Hostile values ----------------------------------------------------------------------

const HOSTILE_STRINGS = [
  (s: string) => `${s}\u0000`,
  (s: string) => `\u0000${s}`,
  (s: string) => `${s}\ud800`,
  (s: string) => `\udc00${s}`,
  () => '2026-13-01T00:00:00.000Z',
  () => '0000-01-01T00:00:00.000Z',
  () => '2026-02-30',
  () => '0000-01-01',
  () => 'x'.repeat(300_000),
];
const HOSTILE_NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -1e308, 0.5, -0];

function deepArray(levels: number): string {
  return '['.repeat(levels) + ']'.repeat(levels);
}
function deepObject(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}
const DEEP = '\u0001DEEP\u0001';

type Path = (string | number)[];
function leaves(v: Json, at: Path = [], out: { path: Path; value: Json }[] = []) {
  out.push({ path: at, value: v });
  if (Array.isArray(v)) v.forEach((c, i) => leaves(c, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) leaves(c, [...at, k], out);
  return out;
}
function setAt(root: Json, at: Path, value: Json): Json {
  if (at.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  node[at[at.length - 1]!] = value;
  return copy as Json;
}
/** JSON text of a body in which DEEP placeholders become 10,000 levels of nesting. */
function render(v: Json, deep: string): string {
  return JSON.stringify(v).replace(`"${DEEP}"`, deep);
}

/** Every hostile variant of a body (as JSON text), plus seeded random combinations. */
function variants(base: Json, random: () => number): string[] {
  const out: string[] = [];
  const nodes = leaves(base);
  for (const { path: at, value } of nodes) {
    if (typeof value === 'string') for (const h of HOSTILE_STRINGS) out.push(JSON.stringify(setAt(base, at, h(value))));
    if (typeof value === 'number') for (const n of HOSTILE_NUMBERS) out.push(JSON.stringify(setAt(base, at, n)));
    if (value !== null && typeof value === 'object') {
      out.push(render(setAt(base, at, DEEP), deepArray(10_000)));
      out.push(render(setAt(base, at, DEEP), deepObject(10_000)));
    }
    // Wrong types: a string where a number goes, an object where text goes, and so on.
    for (const swap of [null, 0, '', [], {}, true] as Json[]) out.push(JSON.stringify(setAt(base, at, swap)));
  }
  // Escapes JSON.parse turns into NUL and lone surrogates, written as they arrive on the wire.
  out.push(JSON.stringify(base).replace(/"([^"\\]*)"/, '"$1\\u0000"'));
  out.push(JSON.stringify(base).replace(/"([^"\\]*)"/, '"$1\\ud800"'));
  out.push(deepArray(10_000), deepObject(10_000), '{', '"\\u0000"', 'null', '[]', '{}', '1e999', '{"__proto__":{"polluted":true}}');
  // Seeded combinations: two hostile changes at once at random places.
  for (let i = 0; i < 12; i++) {
    let v = base;
    for (let j = 0; j < 2; j++) {
      const n = nodes[Math.floor(random() * nodes.length)]!;
      const pick = random();
      const value = pick < 0.4 ? HOSTILE_STRINGS[Math.floor(random() * 4)]!('v') : pick < 0.8 ? HOSTILE_NUMBERS[Math.floor(random() * HOSTILE_NUMBERS.length)]! : 'ok';
      try {
        v = setAt(v, n.path, value);
      } catch {
        // the path vanished under an earlier change
      }
    }
    out.push(JSON.stringify(v));
  }
  return out;
}

/** Percent-encoding that can also spell a lone surrogate (as the UTF-8 bytes a client could send). */
function formEncode(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    out += c >= 0xd800 && c <= 0xdfff && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch);
  }
  return out;
}
const formText = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}=${formEncode(v)}`).join('&');

/** Hostile variants of an HTML form post. */
function formVariants(base: Record<string, string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(base)) {
    for (const h of HOSTILE_STRINGS) out.push(formText({ ...base, [key]: h(base[key]!) }).slice(0, 20_000));
    out.push(formText({ ...base, [key]: '' }), Object.entries(base).filter(([k]) => k !== key).map(([k, v]) => `${k}=${formEncode(v)}`).join('&'));
  }
  out.push('%', '&&&=&=', `email=${'%00'.repeat(1000)}`, '\u0000', formText(base).replace('=', '=%ED%A0%80'));
  return out;
}

// ---- Setup ------------------------------------------------------------------------------

const QUOTA_VARS = ['API_QUOTA_IP_PER_MINUTE', 'API_QUOTA_USER_PER_MINUTE', 'API_QUOTA_KEY_PER_MINUTE', 'SIGNUPS_PER_IP_PER_HOUR'] as const;
const savedEnv = Object.fromEntries([...QUOTA_VARS, 'TEST_TENANTS'].map((k) => [k, process.env[k]]));

beforeAll(async () => {
  // Quotas are tested elsewhere; here every request should reach its handler.
  for (const k of QUOTA_VARS) process.env[k] = '1000000';
  process.env.TEST_TENANTS = '1';
  resetEnvCache();
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
  const fields = (userId: string) => ({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: f.tenants.acme, mfa: true, auth: Math.floor(Date.now() / 1000) });
  for (const [role, user] of [['owner', f.users.owner], ['admin', f.users.admin], ['rep', f.users.rep]] as const) {
    const c = await mintSessionCookie(fields(user.id));
    cookies[role] = `${c.name}=${c.value}`;
  }
  const { createApiKey } = await import('@/lib/api-keys/api-keys');
  const recordScopes = (['companies', 'contacts', 'deals', 'activities', 'pipelines', 'workflows', 'audit'] as const).map((r) => `${r}:write` as const);
  ids.apiKey = (await createApiKey({ userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' }, { name: 'Fuzz', scopes: recordScopes, expiresAt: null }, t.db)).token;
  // The contact the API v1 PATCH target changes: made through API v1 itself.
  const contactTarget: Target = { route: 'v1/[resource]/route.ts', method: 'POST', role: 'apiKey', params: () => ({ resource: 'contacts' }), body: () => null, limit: 0 };
  expect((await send(contactTarget, JSON.stringify({ id: ids.contact, firstName: 'Ada', lastName: 'Lovelace' }))).status).toBe(201);
  await getWorkflowEngine(t.db);
  // A manual workflow, and a published webhook workflow with a signing secret, through the API.
  const create = TARGETS.find((x) => x.route === 'workflows/route.ts')!;
  const made = await send(create, JSON.stringify({ name: 'Manual', definition: { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'stop', name: 'Stop' }], edges: [{ id: 'e', source: 'trigger', target: 's' }] } }));
  ids.manualWorkflow = ((await made.json()) as { workflow: { id: string } }).workflow.id;
  const hook = await send(create, JSON.stringify({ name: 'Hook', definition: { schemaVersion: 2, trigger: { type: 'webhook' }, steps: [{ id: 's', type: 'stop', name: 'Stop' }], edges: [{ id: 'e', source: 'trigger', target: 's' }] } }));
  ids.hookWorkflow = ((await hook.json()) as { workflow: { id: string } }).workflow.id;
  const admin: Target = { route: 'workflows/[id]/publish/route.ts', method: 'POST', role: 'admin', params: () => ({ id: ids.manualWorkflow }), body: () => null, limit: 0 };
  expect((await sendRaw(admin, null)).status).toBe(201);
  expect((await sendRaw({ ...admin, params: () => ({ id: ids.hookWorkflow }) }, null)).status).toBe(201);
  const rotated = await sendRaw({ ...admin, route: 'workflows/[id]/hook-secret/route.ts', params: () => ({ id: ids.hookWorkflow }) }, null);
  ids.hookSecret = ((await rotated.json()) as { secret: string }).secret;
  // A pending sign-up link for an existing account (the rep), for the complete-sign-up route.
  expect((await send(TARGETS.find((x) => x.route === 'organizations/route.ts')!, JSON.stringify({ email: f.users.rep.email }))).status).toBe(202);
  ids.signupToken = /\/create-organization\/([A-Za-z0-9_-]{43})/.exec((await listDevMail(f.users.rep.email))[0]?.text ?? '')?.[1] ?? '';
  expect(ids.signupToken).toHaveLength(43);
  // The pipeline deals refer to.
  await send(TARGETS.find((x) => x.route.startsWith('sync/[collection]/push') && x.params().collection === 'pipelines')!, JSON.stringify([{ newDocumentState: { ...(docs.pipelines!() as object), id: ids.pipeline } }]));
  // A webhook subscription, for the PATCH target.
  const hooks = TARGETS.find((x) => x.route === 'developers/webhooks/route.ts');
  if (hooks) webhookId = ((await (await send(hooks, JSON.stringify(hooks.body()))).json()) as { subscription: { id: string } }).subscription.id;
}, 120_000);

afterAll(async () => {
  const engine = await getWorkflowEngine();
  await engine.boss.stop({ graceful: false, wait: true, close: false });
  setDb(undefined);
  await t.dispose();
  for (const k of [...QUOTA_VARS, 'TEST_TENANTS']) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetEnvCache();
});

// ---- Tests ------------------------------------------------------------------------------

describe('fuzzed bodies on every body-reading route', () => {
  it('covers every route that reads a body', () => {
    const covered = [...new Set(TARGETS.map((x) => x.route))].sort();
    expect(bodyRoutes()).toEqual(covered);
  });

  it('never answers 5xx to hostile bodies', async () => {
    const random = seededRandom(13);
    const failures: string[] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let sent = 0;
    for (const target of TARGETS) {
      if (target.sizeOnly) continue;
      resetLimiters();
      const base = target.body();
      const bodies = target.form ? [formText(base as Record<string, string>), ...formVariants(base as Record<string, string>)] : [JSON.stringify(base), ...variants(base, random)];
      const first = await send(target, bodies[0]!);
      // The valid body must get past parsing, or the variants test nothing.
      const answer = await first.text();
      const parseRefusal = [400, 413, 415].includes(first.status) || (first.status === 422 && answer.includes('"Invalid request'));
      if (!target.alwaysRefuses && parseRefusal) failures.push(`${target.route}: the valid body was refused (${first.status}): ${answer}`);
      const started = performance.now();
      for (const text of bodies) {
        const res = await send(target, text);
        sent++;
        if (res.status >= 500) failures.push(`${target.method} ${target.route} ${JSON.stringify(target.params())} ${res.status}: ${text.slice(0, 160)} :: ${JSON.stringify(logged.mock.calls.at(-1)?.[1] ?? '').slice(0, 300)}`);
      }
      // The wrong content type, a declared length over the limit, bytes that are not UTF-8.
      for (const res of [
        await sendRaw(target, target.form ? formText(base as Record<string, string>) : JSON.stringify(base), { 'content-type': 'text/plain' }),
        await sendRaw(target, 'x'.repeat(target.limit + 1)),
        await sendRaw(target, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      ]) {
        sent++;
        if (res.status >= 500) failures.push(`${target.method} ${target.route} ${res.status} (framing)`);
      }
      if (process.env.FUZZ_DEBUG) console.log(target.route, JSON.stringify(target.params()), bodies.length, Math.round(performance.now() - started), 'ms');
    }
    logged.mockRestore();
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    // A budget, not a speed check: ~4,000 real requests take 20 s (PGlite) to 40 s (Postgres),
    // but passed 120 s on Postgres while the machine also ran a build and browsers.
  }, 360_000);

  it('refuses a 50 MB chunked body after reading about the limit, on every route', async () => {
    const chunk = 64 * 1024;
    for (const target of TARGETS) {
      resetLimiters();
      const { stream, seen } = chunkedBody(50 * 1024 * 1024, chunk, 0x20);
      const res = await sendRaw(target, stream, {}, { duplex: 'half' });
      // 413 once over the limit (a route may refuse earlier, e.g. an unsigned webhook: 401). The
      // no-JavaScript endpoint refuses every body by sending the browser to its page unread (303).
      expect.soft(res.status, target.route).toBeGreaterThanOrEqual(target.alwaysRefuses ? 303 : 400);
      expect.soft(res.status, target.route).toBeLessThan(500);
      // Bounded memory: never read past the limit plus the chunk that crossed it.
      expect.soft(seen.pulled, `${target.route} read`).toBeLessThanOrEqual(target.limit + chunk);
    }
  }, 60_000);

  it('never answers 5xx to hostile query filters (audit log, run history, API v1 lists)', async () => {
    const values = ['0000-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '9999-12-31T23:59:59-15:00', 'a\u0000b', '%ED%A0%80', '99999999999999999999', '-1', '1e999', 'x'.repeat(10_000)];
    const routes: [string, string[], Record<string, string>][] = [
      ['audit/route.ts', ['from', 'to', 'actorId', 'action', 'targetType', 'targetId', 'beforeSeq', 'limit'], {}],
      ['audit/export/route.ts', ['from', 'to', 'format', 'limit'], {}],
      ['workflows/[id]/runs/route.ts', ['status', 'limit', 'before'], { id: ids.manualWorkflow }],
      // API v1 (with the key): every list parameter and a filter of each kind.
      ['v1/[resource]/route.ts', ['limit', 'cursor', 'sort', 'q', 'updatedSince', 'ownerId', 'status', 'amountCents', 'closeDate', 'currency'], { resource: 'deals' }],
      ['v1/[resource]/route.ts', ['done', 'dueAt', 'kind', 'latitude'], { resource: 'activities' }],
      ['v1/workflows/[id]/runs/route.ts', ['status', 'limit', 'before'], { id: ids.manualWorkflow }],
      ['v1/audit/route.ts', ['from', 'to', 'actorId', 'action', 'targetType', 'targetId', 'beforeSeq', 'limit'], {}],
    ];
    const failures: string[] = [];
    for (const [route, keys, params] of routes) {
      const mod = (await import(/* @vite-ignore */ path.join(API, route))) as { GET: (req: Request, ctx: unknown) => Promise<Response> };
      for (const key of keys) {
        for (const value of values) {
          const query = value.startsWith('%') ? `${key}=${value}` : new URLSearchParams({ [key]: value }).toString();
          const auth: Record<string, string> = route.startsWith('v1/') ? { authorization: `Bearer ${ids.apiKey}` } : { cookie: cookies.owner! };
          const req = new Request(`http://localhost/api/x?${query}`, { headers: auth });
          const res = await mod.GET(req, { params: Promise.resolve(params) });
          if (res.status >= 500) failures.push(`${route}?${query.slice(0, 80)}: ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit on the sign-in callback too', async () => {
    for (const target of TARGETS.filter((x) => x.sizeOnly)) expect((await sendRaw(target, 'x'.repeat(target.limit + 1))).status).toBe(413);
  });
});
