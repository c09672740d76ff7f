import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { retentionPolicyInput } from '@/lib/retention/retention-policy';
import { previewRetentionFor } from '@/lib/retention/retention-settings';

export const dynamic = 'force-dynamic';

/** Dry run: how much enforcing this policy now would remove, per kind of data. Changes nothing. */
export function POST(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => previewRetentionFor(ctx, await readJson(req, retentionPolicyInput, 1_000)));
}
