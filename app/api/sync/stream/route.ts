import { withSession } from '@/lib/auth/with-session';
import { openChangeStream } from '@/sync/server/change-stream';

export const dynamic = 'force-dynamic';

/** Server-sent events: `resync` on connect, then `change` per committed collection change. */
export async function GET(req: Request) {
  return withSession(req, { permission: 'records:read' }, ({ ctx }) => openChangeStream(ctx, req.signal));
}
