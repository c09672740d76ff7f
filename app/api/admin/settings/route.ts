import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { mfaPolicySchema } from '@/lib/tenancy/mfa-policy';
import { getMfaPolicy, setMfaPolicy } from '@/lib/tenancy/tenant-settings';

/** The organization's two-factor policy. */
export function GET(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, ({ ctx }) => getMfaPolicy(ctx));
}

/** Sets which roles besides owner and admin must use two-factor authentication. */
export function PUT(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => setMfaPolicy(ctx, await readJson(req, mfaPolicySchema, 1_000)));
}
