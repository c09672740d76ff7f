import { withSession } from '@/lib/auth/with-session';
import { parseSearchQuery, searchRecords } from '@/lib/records/search-records';
import { requireCollection } from '@/sync/server/parse-input';

export const dynamic = 'force-dynamic';

/** Online search of the whole organization's records (owners, admins, managers): `?q=text&limit=20`. */
export async function GET(req: Request, { params }: { params: Promise<{ collection: string }> }) {
  const { collection } = await params;
  return withSession(req, { permission: 'records:search-online' }, async ({ ctx }) => ({
    documents: await searchRecords(ctx, requireCollection(collection), parseSearchQuery(new URL(req.url).searchParams)),
  }));
}
