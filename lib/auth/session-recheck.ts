import 'server-only';
import type { Database } from '../db/types';
import { authStateCache } from './auth-state-cache';
import { can, type Permission } from './roles';
import type { SessionContext } from './session-context';
import { sessionOf } from './with-session';

/**
 * Whether the session that made `req` is still alive and still allows `permission` in the
 * same tenant. For responses that outlive their request (live streams): withSession checked
 * the session once, at the start; this repeats the same check (version, denylist, active
 * user and membership, token lifetime) later. `cached` answers from the session cache
 * (auth-state-cache.ts: changes made by this process are seen at once, other instances' when
 * their notification arrives); otherwise the database is read.
 */
export async function sessionStillAllows(req: Request, ctx: SessionContext, permission: Permission, opts: { cached?: boolean; db?: Database } = {}): Promise<boolean> {
  const auth = await sessionOf(req, opts.db, opts.cached && !opts.db ? authStateCache() : undefined);
  return Boolean(auth && auth.stage === 'ready' && auth.user.id === ctx.userId && auth.tenant.tenantId === ctx.tenantId && can(auth.tenant.role, permission));
}
