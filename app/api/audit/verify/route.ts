import { withSession } from '@/lib/auth/with-session';
import { verifyAuditChain } from '@/lib/audit/audit-service';
import { VERIFY_BODY_MAX_BYTES, verifyRequestSchema } from '@/lib/audit/verify-request';
import { readJson } from '@/lib/http/read-json';

/**
 * Verifies the organization's audit hash chain and names the first broken entry, then checks
 * it against the signed heads; a JSON body `{ heads }` adds heads kept from an earlier export.
 */
export function POST(req: Request) {
  return withSession(req, { permission: 'audit:read' }, async ({ ctx }) => {
    const body = req.headers.get('content-type') ? await readJson(req, verifyRequestSchema, VERIFY_BODY_MAX_BYTES) : {};
    return { verdict: await verifyAuditChain(ctx, body.heads) };
  });
}
