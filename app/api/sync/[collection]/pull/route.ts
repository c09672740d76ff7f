import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { errorResponse } from '@/lib/http/error-response';
import { readJson } from '@/lib/http/read-json';
import { caughtUpCache } from '@/sync/server/caught-up-cache';
import { pullChangesJson } from '@/sync/server/pull';

export const dynamic = 'force-dynamic';

/** RxDB pull: `{checkpoint, limit}` → `{documents, checkpoint}` of the caller's tenant. */
export async function POST(req: Request, { params }: { params: Promise<{ collection: string }> }) {
  const { collection } = await params;
  // Most pulls come from devices already up to date: neither the session check nor the page
  // needs the database then (auth-state-cache.ts, caught-up-cache.ts).
  return withSession(req, { permission: 'records:read', cachedSession: true }, async ({ ctx }) => {
      try {
        // The body is validated by pullChanges against the protocol schema.
        const json = await pullChangesJson(ctx, collection, await readJson(req, z.unknown(), 10_000), undefined, caughtUpCache());
        return new Response(json, { headers: { 'content-type': 'application/json' } });
      } catch (err) {
        return errorResponse(err);
      }
    });
}
