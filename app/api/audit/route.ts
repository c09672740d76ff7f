import { withSession } from '@/lib/auth/with-session';
import { parseAuditParams } from '@/lib/audit/audit-filter-params';
import { listAuditEntries } from '@/lib/audit/audit-service';
import { AppError, ErrorCode } from '@/lib/http/app-error';

/** Filtered audit log of the caller's organization (owners, admins, auditors). */
export function GET(req: Request) {
  return withSession(req, { permission: 'audit:read' }, async ({ ctx }) => {
    const filter = parseAuditParams(new URL(req.url).searchParams);
    if (!filter.success) throw new AppError(ErrorCode.Validation, filter.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return { entries: await listAuditEntries(ctx, filter.data) };
  });
}
