import { withSession } from '@/lib/auth/with-session';
import { conflictNoticesQuerySchema } from '@/sync/schema/conflict-notice';
import { listConflictNotices } from '@/sync/server/conflict-notices';
import { parseOrThrow } from '@/sync/server/parse-input';

export const dynamic = 'force-dynamic';

/**
 * The signed-in person's conflict notices after `?after=` (a notice id): other people's values
 * set aside because this person's change stayed (sync/schema/conflict-notice.ts).
 */
export async function GET(req: Request) {
  return withSession(req, { permission: 'records:read' }, async ({ ctx }) => {
    const { after } = parseOrThrow(conflictNoticesQuerySchema, Object.fromEntries(new URL(req.url).searchParams), 'conflict notices query');
    return listConflictNotices(ctx, after);
  });
}
