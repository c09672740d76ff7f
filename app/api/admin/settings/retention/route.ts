import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { retentionPolicyInput } from '@/lib/retention/retention-policy';
import { getRetentionSettings, setRetentionPolicy } from '@/lib/retention/retention-settings';

export const dynamic = 'force-dynamic';

/** The organization's retention policy and the server's defaults for its empty fields. */
export function GET(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, ({ ctx }) => getRetentionSettings(ctx));
}

/** Replaces the retention policy (every field, null = default); the daily jobs enforce it. */
export function PUT(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => setRetentionPolicy(ctx, await readJson(req, retentionPolicyInput, 1_000)));
}
