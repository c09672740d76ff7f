import { rotateApiKey } from '@/lib/api-keys/api-keys';
import { withSession } from '@/lib/auth/with-session';

type Params = { params: Promise<{ id: string }> };

/** A new token for a key (same name, scopes and expiry), the old one revoked: `{ key, token }`, shown this once. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'api-keys:manage' }, async ({ ctx }) =>
    Response.json(await rotateApiKey(ctx, (await params).id), { status: 201, headers: { 'cache-control': 'no-store' } }),
  );
}
