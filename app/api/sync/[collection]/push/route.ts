import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { errorResponse } from '@/lib/http/error-response';
import { readJson } from '@/lib/http/read-json';
import { MAX_PUSH_BYTES } from '@/sync/schema/protocol';
import { pushChanges } from '@/sync/server/push';

export const dynamic = 'force-dynamic';

/** RxDB push: `[{assumedMasterState, newDocumentState}]` → the server documents that conflicted. */
export async function POST(req: Request, { params }: { params: Promise<{ collection: string }> }) {
  const { collection } = await params;
  return withSession(req, { permission: 'records:write-own' }, async ({ ctx }) => {
      try {
        // The rows are validated by pushChanges against the collection's schema.
        return Response.json(await pushChanges(ctx, collection, await readJson(req, z.unknown(), MAX_PUSH_BYTES)));
      } catch (err) {
        return errorResponse(err);
      }
    });
}
