import { sessionStillAllows } from '@/lib/auth/session-recheck';
import { withSession } from '@/lib/auth/with-session';
import { noticeHub, openChangeStream, revocationHub } from '@/sync/server/change-stream';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `resync` on connect, then `change` per committed collection change and
 * `notices` when the person has a new conflict notice.
 * The stream ends when its session is revoked (rechecked on every revocation notification and
 * periodically) and when the same person opens more streams than the cap.
 */
export async function GET(req: Request) {
  // The session cache, as for pulls: the check fills it, so the stream's check before its
  // first change is a memory read (10,000 streams opened without it each read the database
  // on the first change: bench/sync/stream-fanout.ts).
  return withSession(req, { permission: 'records:read', cachedSession: true }, ({ ctx }) =>
    openChangeStream(ctx, req.signal, undefined, { stillAllowed: ({ cached }) => sessionStillAllows(req, ctx, 'records:read', { cached }), revocations: revocationHub(),
      notices: noticeHub(),
    }),
  );
}
