import { handle, requestMeta } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { acceptInvite, acceptInviteSchema } from '@/lib/tenancy/invites';

/** Accepts an invite link once; the person then signs in as usual. */
export function POST(req: Request) {
  return handle(req, async () => acceptInvite(await readJson(req, acceptInviteSchema, 4_000), requestMeta(req)));
}
