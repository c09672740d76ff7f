import 'server-only';
import { trace } from '@opentelemetry/api';
import { NextResponse } from 'next/server';
import type { Database } from '../db/types';
import { env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';
import { clientIp } from '../http/client-ip';
import { consumeApiQuota } from '../ratelimit/api-quota';
import { errorResponse } from '../http/error-response';
import { observeRequest } from '../observability/request-metrics';
import { inSpan } from '../observability/tracing';
import { assertIpAllowed } from '../security/enforce-allowlist';
import { assertSameOrigin } from '../security/same-origin';
import { SESSION_REFRESH_SECONDS, sessionCookieName } from './auth-config';
import { loadAuthState, type AuthState, type SessionStage } from './auth-state';
import { authStateCache, type AuthStateCache } from './auth-state-cache';
import { can, type Permission } from './roles';
import type { SessionContext } from './session-context';
import { mintSessionCookie, readSessionCookie } from './session-token';

export interface AuthedRequest {
  ctx: SessionContext;
  auth: AuthState;
}

export interface SessionOptions {
  /** The permission the route needs (checked by the one role model in roles.ts). */
  permission?: Permission;
  /** Stages besides `ready` that may call this route (the enrollment and code routes). */
  allowStages?: SessionStage[];
  /**
   * Check the session through the process's session cache (auth-state-cache.ts) rather than
   * the database: for hot read paths (sync pulls, live streams). Ignored when `db` is given.
   */
  cachedSession?: boolean;
  db?: Database;
}

/** Reads one cookie from a request's Cookie header. */
export function cookieFrom(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The live session of a request, or null. Does not check stage or permissions. */
export async function sessionOf(req: Request, db?: Database, cache?: AuthStateCache): Promise<AuthState | null> {
  const claims = await readSessionCookie(cookieFrom(req, sessionCookieName()));
  if (!claims) return null;
  return cache && !db ? cache.load(claims) : loadAuthState(claims, db);
}

/**
 * Throws the right error when a session may not do something: 403 `mfa_required` while the
 * second factor is outstanding (the server enforces it, not just the UI), 403 `forbidden`
 * when the role lacks the permission.
 */
export function assertAllowed(auth: AuthState, opts: Pick<SessionOptions, 'permission' | 'allowStages'>): void {
  if (auth.stage !== 'ready' && !(opts.allowStages ?? []).includes(auth.stage)) {
    const message = auth.stage === 'needs_enrollment' ? 'Set up two-factor authentication first.' : 'Enter your two-factor code first.';
    throw new AppError(ErrorCode.MfaRequired, message, [{ path: 'stage', message: auth.stage }]);
  }
  if (opts.permission && !can(auth.tenant.role, opts.permission)) {
    throw new AppError(ErrorCode.Forbidden, 'Your role does not allow this.');
  }
}

/**
 * The one wrapper around authenticated route handlers: resolves the session (401 when there
 * is none), enforces the second factor and the permission, runs `fn`, maps errors to 4xx
 * responses and slides the idle deadline by re-issuing the cookie every few minutes.
 * `fn` returns a Response, or a value sent as JSON.
 */
export async function withSession(req: Request, opts: SessionOptions, fn: (r: AuthedRequest) => Promise<unknown>): Promise<Response> {
  return inSpan('api.request', { 'http.request.method': req.method }, async (span) => {
    const startedAt = performance.now();
    const seen: SeenTenant = {};
    const res = await runWithSession(req, opts, fn, seen);
    span.setAttribute('http.response.status_code', res.status);
    observeRequest(req, res.status, startedAt, seen);
    return res;
  });
}

/** The organization a request turned out to belong to, for its own health figures. */
type SeenTenant = { tenantId?: string; ipBlocked?: boolean };

async function runWithSession(req: Request, opts: SessionOptions, fn: (r: AuthedRequest) => Promise<unknown>, seen: SeenTenant): Promise<Response> {
  let quotaHeaders: Record<string, string> = {};
  try {
    // Security: cookies ride along on cross-site requests; refuse writes that are not ours.
    assertSameOrigin(req, env().APP_URL);
    const ip = clientIp(req.headers);
    // Per-IP quota first, before any database work: a flood never reaches the session lookup.
    quotaHeaders = await consumeApiQuota({ ip });
    const auth = await sessionOf(req, opts.db, opts.cachedSession ? authStateCache() : undefined);
    if (!auth) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to continue.');
    seen.tenantId = auth.tenant.tenantId;
    // Security: the tenant's network allowlist applies before anything else the session may do,
    // including the second-factor and enrollment steps.
    assertIpAllowed(ip, auth.tenant.ipAllowlist);
    assertAllowed(auth, opts);
    quotaHeaders = await consumeApiQuota({ ip, userId: auth.user.id, tenantId: auth.tenant.tenantId, plan: auth.tenant.plan }, { skipIp: true });
    const ctx: SessionContext = {
      userId: auth.user.id,
      tenantId: auth.tenant.tenantId,
      role: auth.tenant.role,
      ip,
      userAgent: req.headers.get('user-agent') ?? undefined,
      requestId: req.headers.get('x-request-id') ?? crypto.randomUUID(),
    };
    // Ids only (never names or emails): traces leave for another system.
    trace.getActiveSpan()?.setAttributes({ 'crm.tenant_id': ctx.tenantId, 'enduser.id': ctx.userId, 'crm.request_id': ctx.requestId ?? '' });
    const result = await fn({ ctx, auth });
    const res = result instanceof Response ? new NextResponse(result.body, result) : NextResponse.json(result ?? { ok: true });
    const now = Math.floor(Date.now() / 1000);
    // A handler that issued its own cookie (second factor, tenant switch) wins over the refresh.
    if (!res.cookies.get(sessionCookieName()) && now - (auth.claims.iat ?? 0) > SESSION_REFRESH_SECONDS) {
      const { iat: _iat, exp: _exp, ...fields } = auth.claims;
      const cookie = await mintSessionCookie(fields, now);
      res.cookies.set(cookie.name, cookie.value, cookie.options);
    }
    for (const [k, v] of Object.entries(quotaHeaders)) res.headers.set(k, v);
    return res;
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.IpNotAllowed) seen.ipBlocked = true;
    return withHeaders(errorResponse(err), quotaHeaders);
  }
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v);
  return res;
}

/** For public routes: counts the per-IP quota, runs `fn`, maps errors to 4xx responses. */
export async function handle(req: Request, fn: () => Promise<unknown>): Promise<Response> {
  return inSpan('api.request', { 'http.request.method': req.method }, async (span) => {
    const startedAt = performance.now();
    let quotaHeaders: Record<string, string> = {};
    let res: Response;
    try {
      quotaHeaders = await consumeApiQuota({ ip: clientIp(req.headers) });
      const result = await fn();
      res = withHeaders(result instanceof Response ? result : NextResponse.json(result ?? { ok: true }), quotaHeaders);
    } catch (err) {
      res = withHeaders(errorResponse(err), quotaHeaders);
    }
    span.setAttribute('http.response.status_code', res.status);
    observeRequest(req, res.status, startedAt);
    return res;
  });
}

/** Request metadata for audit records and rate limits. */
export function requestMeta(req: Request): { ip: string; userAgent?: string } {
  return { ip: clientIp(req.headers), userAgent: req.headers.get('user-agent') ?? undefined };
}
