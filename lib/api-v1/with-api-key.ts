import 'server-only';
import { trace } from '@opentelemetry/api';
import { authenticateApiKey, type ApiKeyPrincipal } from '../api-keys/authenticate-api-key';
import { hasScope, type ApiResource } from '../api-keys/scopes';
import type { SessionContext } from '../auth/session-context';
import { AppError, ErrorCode } from '../http/app-error';
import { clientIp } from '../http/client-ip';
import { observeRequest } from '../observability/request-metrics';
import { inSpan } from '../observability/tracing';
import { consumeApiQuota } from '../ratelimit/api-quota';
import { assertIpAllowed } from '../security/enforce-allowlist';
import { ApiProblem, problemResponse } from './problem';

export interface ApiRequest {
  ctx: SessionContext & { apiKeyId: string };
  key: ApiKeyPrincipal;
}

export interface ApiAccess {
  resource: ApiResource;
  access: 'read' | 'write';
}

/** The key of `Authorization: Bearer <key>`, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * The one wrapper around API v1 handlers: the per-address quota first (a flood never reaches
 * the key lookup), then the key (401), the organization's network allowlist, the scope the
 * route needs (403 `insufficient_scope`), then the key's and the organization's quotas. Every
 * answer carries the IETF RateLimit headers; every failure is a problem document (RFC 9457).
 * No cookies are read: a browser session cannot call API v1, so cross-site requests have
 * nothing to ride on.
 */
export async function withApiKey(req: Request, access: ApiAccess, fn: (r: ApiRequest) => Promise<Response>): Promise<Response> {
  return inSpan('api.v1.request', { 'http.request.method': req.method }, async (span) => {
    const startedAt = performance.now();
    let quotaHeaders: Record<string, string> = {};
    let tenantId: string | undefined;
    let res: Response;
    try {
      const ip = clientIp(req.headers);
      quotaHeaders = await consumeApiQuota({ ip });
      const token = bearerToken(req);
      if (!token) throw new AppError(ErrorCode.Unauthenticated, 'Send an API key as "Authorization: Bearer <key>".');
      const key = await authenticateApiKey(token, ip);
      if (!key) throw new AppError(ErrorCode.Unauthenticated, 'This API key is not valid: unknown, expired or revoked.');
      tenantId = key.tenantId;
      assertIpAllowed(ip, key.ipAllowlist);
      if (!hasScope(key.scopes, access.resource, access.access)) {
        throw new ApiProblem('insufficient_scope', `This API key lacks the ${access.resource}:${access.access} scope.`);
      }
      quotaHeaders = await consumeApiQuota({ ip, apiKeyId: key.keyId, tenantId: key.tenantId, plan: key.plan }, { skipIp: true });
      const ctx = {
        userId: key.userId,
        tenantId: key.tenantId,
        role: key.role,
        ip,
        userAgent: req.headers.get('user-agent') ?? undefined,
        requestId: req.headers.get('x-request-id') ?? crypto.randomUUID(),
        apiKeyId: key.keyId,
      };
      trace.getActiveSpan()?.setAttributes({ 'crm.tenant_id': ctx.tenantId, 'crm.api_key_id': key.keyId, 'crm.request_id': ctx.requestId });
      res = await fn({ ctx, key });
      for (const [k, v] of Object.entries(quotaHeaders)) res.headers.set(k, v);
    } catch (err) {
      res = problemResponse(err, quotaHeaders);
    }
    span.setAttribute('http.response.status_code', res.status);
    observeRequest(req, res.status, startedAt, { tenantId });
    return res;
  });
}
