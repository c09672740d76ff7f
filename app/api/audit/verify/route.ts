import { withSession } from '@/lib/auth/with-session';
import { verifyAuditChain } from '@/lib/audit/audit-service';

/** Verifies the organization's audit hash chain and names the first broken entry. */
export function POST(req: Request) {
  return withSession(req, { permission: 'audit:read' }, async ({ ctx }) => ({ verdict: await verifyAuditChain(ctx) }));
}
