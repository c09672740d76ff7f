// Shared type: who is calling, in which tenant, as what. Built by the session wrapper from a
// verified session (or API key) and passed to every lib function that touches tenant data.
import type { Role } from './roles';

export interface SessionContext {
  userId: string;
  tenantId: string;
  role: Role;
  /** Client IP as decided by the trusted-proxy setting, for audit and rate limits. */
  ip?: string;
  userAgent?: string;
  /** Correlates log lines, audit entries and workflow runs of one request. */
  requestId?: string;
  /**
   * Set when the caller is an API key (public API v1): the key acts for `userId`, the owner or
   * admin who made it, and every audit entry names the key too.
   */
  apiKeyId?: string;
}
