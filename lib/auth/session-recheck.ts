import 'server-only';
import type { Database } from '../db/types';
import { can, type Permission } from './roles';
import type { SessionContext } from './session-context';
import { sessionOf } from './with-session';

/**
 * Whether the session that made `req` is still alive and still allows `permission` in the
 * same tenant. For responses that outlive their request (live streams): withSession checked
 * the session once, at the start; this repeats the same database check (version, denylist,
 * active user and membership, token lifetime) later.
 */
export async function sessionStillAllows(req: Request, ctx: SessionContext, permission: Permission, db?: Database): Promise<boolean> {
  const auth = await sessionOf(req, db);
  return Boolean(auth && auth.stage === 'ready' && auth.user.id === ctx.userId && auth.tenant.tenantId === ctx.tenantId && can(auth.tenant.role, permission));
}
