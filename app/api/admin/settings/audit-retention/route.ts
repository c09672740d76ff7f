import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { auditRetentionInput } from '@/lib/tenancy/security-settings';
import { setAuditRetention } from '@/lib/tenancy/security-settings-service';

export const dynamic = 'force-dynamic';

/** Sets how long audit entries are kept: `{days: 365}`, or `{days: null}` for ever. */
export function PUT(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => setAuditRetention(ctx, await readJson(req, auditRetentionInput, 1_000)));
}
