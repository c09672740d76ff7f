import { withSession } from '@/lib/auth/with-session';
import { listPrivacyRequests } from '@/lib/privacy/privacy-requests';

export const dynamic = 'force-dynamic';

/** The organization's privacy requests (exports and erasures), newest first, at most 200. */
export function GET(req: Request) {
  return withSession(req, { permission: 'privacy:manage' }, async ({ ctx }) => ({ requests: await listPrivacyRequests(ctx) }));
}
