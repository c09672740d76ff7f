import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { errorResponse } from '@/lib/http/error-response';
import { readJson } from '@/lib/http/read-json';
import { MAX_PUSH_BYTES, PUSH_PROTOCOL } from '@/sync/schema/protocol';
import { pushChanges, pushRows } from '@/sync/server/push';

export const dynamic = 'force-dynamic';

/** When protocol 1 was deprecated (RFC 9745 `Deprecation`: seconds since the epoch). */
const PROTOCOL_1_DEPRECATED = `@${Date.UTC(2026, 11, 2) / 1000}`;

/**
 * RxDB push: `[{assumedMasterState, newDocumentState}]`. With `?protocol=2`, one answer per
 * row (`{results}`, sync/schema/protocol.ts); without, the deprecated protocol 1 answer.
 */
export async function POST(req: Request, { params }: { params: Promise<{ collection: string }> }) {
  const { collection } = await params;
  const protocol2 = new URL(req.url).searchParams.get('protocol') === PUSH_PROTOCOL;
  // Protocol 2 lets every reader in and answers each row it refuses by the record rules (an
  // auditor's offline edit comes back "rejected" with the reason, rather than a 403 for the
  // batch that the phone would retry forever).
  return withSession(req, { permission: protocol2 ? 'records:read' : 'records:write-own' }, async ({ ctx }) => {
    try {
      // The rows are validated by pushRows/pushChanges against the collection's schema.
      const body = await readJson(req, z.unknown(), MAX_PUSH_BYTES);
      if (protocol2) return Response.json({ results: await pushRows(ctx, collection, body) });
      return Response.json(await pushChanges(ctx, collection, body), { headers: { Deprecation: PROTOCOL_1_DEPRECATED } });
    } catch (err) {
      return errorResponse(err);
    }
  });
}
