import 'server-only';
import { COLLECTION_NAMES } from '@/sync/schema/collections';
import { metrics } from './metrics';
import { observeTenantRequest, observeTenantSync } from './tenant-traffic';

// Route labels must stay few (every distinct label set is a time series kept forever), so
// ids are folded into placeholders and anything beyond MAX_ROUTES becomes "other".
const MAX_ROUTES = 200;
const seen = new Set<string>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const collections = new Set<string>(COLLECTION_NAMES);

/** `/api/workflows/0190…/runs` → `/api/workflows/:id/runs`; unknown sync collections → `:collection`. */
export function routeLabel(pathname: string): string {
  const parts = pathname.split('/').map((seg, i, all) => {
    if (UUID.test(seg) || /^\d+$/.test(seg) || seg.length > 40) return ':id';
    if (all[1] === 'api' && all[2] === 'sync' && i === 3 && all.length > 4 && !collections.has(seg)) return ':collection';
    return seg;
  });
  const label = parts.join('/') || '/';
  if (seen.has(label)) return label;
  if (seen.size >= MAX_ROUTES) return 'other';
  seen.add(label);
  return label;
}

/**
 * Counts one API answer and its latency, by route, method and status; with `tenant` (a
 * session's organization), also in that organization's own figures (tenant-traffic.ts).
 */
export function observeRequest(req: Request, status: number, startedAt: number, tenant?: { tenantId?: string; ipBlocked?: boolean }): void {
  let pathname = '/';
  try {
    pathname = new URL(req.url).pathname;
  } catch {
    // A relative or odd URL (tests): count it under "/".
  }
  const route = routeLabel(pathname);
  const m = metrics();
  m.httpRequests.inc({ route, method: req.method, status: String(status) });
  const seconds = (performance.now() - startedAt) / 1000;
  m.httpDuration.observe({ route, method: req.method }, seconds);
  if (tenant?.tenantId) observeTenantRequest(tenant.tenantId, route, status, seconds, tenant.ipBlocked);
}

/**
 * Counts the documents of one sync push or pull (and a push's conflicts): in the instance-wide
 * Prometheus counters, and in the organization's own figures for its health page.
 */
export function observeSyncDocuments(tenantId: string, collection: string, figures: { pushed: number; conflicts: number } | { pulled: number }): void {
  const m = metrics();
  if ('pulled' in figures) {
    m.syncDocuments.inc({ direction: 'pull', collection }, figures.pulled);
  } else {
    m.syncDocuments.inc({ direction: 'push', collection }, figures.pushed);
    if (figures.conflicts > 0) m.syncConflicts.inc({ collection }, figures.conflicts);
  }
  observeTenantSync(tenantId, figures);
}
