import { auditHandler } from '@/lib/api-v1/workflows-audit';

export const dynamic = 'force-dynamic';

/** API v1: the audit log, newest first (for auditors' systems). */
export function GET(req: Request) {
  return auditHandler(req);
}
