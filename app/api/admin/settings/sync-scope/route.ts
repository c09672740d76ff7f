import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import { syncScopeInput } from '@/sync/schema/sync-scope';

export const dynamic = 'force-dynamic';

/** Sets what each phone holds: `{scope: "all"}` or `{scope: "own"}`; every phone then pulls again. */
export function PUT(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, async ({ ctx }) => ({ scope: await setSyncScope(ctx, await readJson(req, syncScopeInput, 1_000)) }));
}
