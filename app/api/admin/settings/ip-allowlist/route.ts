import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { ipAllowlistInput } from '@/lib/tenancy/security-settings';
import { getSecuritySettings, setIpAllowlist } from '@/lib/tenancy/security-settings-service';

export const dynamic = 'force-dynamic';

/** The organization's network allowlist (and the caller's address as the server sees it). */
export function GET(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, ({ ctx }) => getSecuritySettings(ctx));
}

/** Replaces the allowlist: `{ranges: ["203.0.113.0/24", "2001:db8::/32"]}`; `[]` allows every address. */
export function PUT(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => setIpAllowlist(ctx, await readJson(req, ipAllowlistInput, 20_000)));
}
