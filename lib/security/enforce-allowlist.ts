import 'server-only';
import { AppError, ErrorCode } from '../http/app-error';
import { metrics } from '../observability/metrics';
import { isAllowed } from './ip-allowlist';

/**
 * Refuses a request whose client address is outside the tenant's allowlist (empty: allow all).
 * The address in the message lets the person tell an admin exactly what to add.
 */
export function assertIpAllowed(ip: string, ranges: readonly string[], stage: 'api' | 'page' | 'sign_in' | 'tenant_switch' = 'api'): void {
  if (isAllowed(ip, ranges)) return;
  metrics().ipBlocked.inc({ stage });
  throw new AppError(
    ErrorCode.IpNotAllowed,
    `Your organization only allows access from its approved networks, and your address (${ip}) is not one of them. Ask an owner or admin to add it.`,
  );
}
