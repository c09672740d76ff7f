import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { getRecordOnline } from '@/lib/records/search-records';
import { requireCollection } from '@/sync/server/parse-input';

export const dynamic = 'force-dynamic';

/** One record of the organization, online (owners, admins, managers): an online search's result opened. */
export async function GET(req: Request, { params }: { params: Promise<{ collection: string; id: string }> }) {
  const { collection, id } = await params;
  return withSession(req, { permission: 'records:search-online' }, async ({ ctx }) => {
    const def = requireCollection(collection);
    const key = z.uuid().safeParse(id);
    // Same answer for a malformed id, another organization's and a deleted one: ids leak nothing.
    const document = key.success ? await getRecordOnline(ctx, def, key.data) : null;
    if (!document) throw new AppError(ErrorCode.NotFound, `No such ${def.name} record in this organization.`);
    return { document };
  });
}
