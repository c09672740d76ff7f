import { revokeApiKey } from '@/lib/api-keys/api-keys';
import { withSession } from '@/lib/auth/with-session';

type Params = { params: Promise<{ id: string }> };

/** Revokes a key at once: `{ key }` with its revocation. */
export function DELETE(req: Request, { params }: Params) {
  return withSession(req, { permission: 'api-keys:manage' }, async ({ ctx }) => Response.json({ key: await revokeApiKey(ctx, (await params).id) }));
}
