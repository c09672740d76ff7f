// Shared by next.config.mjs (what the service worker precaches) and the tests (what must open
// offline): the app's routes, read from the filesystem so a new screen cannot be forgotten.
// Plain JavaScript because next.config.mjs loads it before any TypeScript is compiled.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Route groups whose pages work offline (static shells whose data comes from RxDB). */
export const OFFLINE_GROUPS = ['(crm)'];

/**
 * Pages inside those groups that read live server data (administration, account security,
 * audit, health, the development outbox): offline they show the "needs a connection" page.
 */
export const ONLINE_ONLY_PREFIXES = ['/admin', '/account', '/audit', '/dev', '/developers'];

const isOnlineOnly = (route) => ONLINE_ONLY_PREFIXES.some((p) => route === p || route.startsWith(`${p}/`));

/** Lists `{ route, file, group, dynamic }` for every page.tsx under app/. */
export function listAppRoutes(appDir = path.join(process.cwd(), 'app')) {
  const out = [];
  const walk = (dir, segments, group) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name.startsWith('_') || name === 'api') continue; // private folders, API routes
        const isGroup = name.startsWith('(') && name.endsWith(')');
        walk(full, isGroup ? segments : [...segments, name], group ?? (isGroup ? name : undefined));
      } else if (name === 'page.tsx') {
        const route = `/${segments.join('/')}`;
        out.push({ route, file: path.relative(process.cwd(), full), group: group ?? null, dynamic: segments.some((s) => s.startsWith('[')) });
      }
    }
  };
  walk(appDir, [], undefined);
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

/** Static routes that must open with no network: the precached shells. */
export function offlineRoutes(appDir) {
  return listAppRoutes(appDir)
    .filter((r) => OFFLINE_GROUPS.includes(r.group) && !r.dynamic && !isOnlineOnly(r.route))
    .map((r) => r.route)
    .concat('/offline');
}

/** Pages that need the network: everything not precached (sign-in, admin, account…). */
export function onlineOnlyRoutes(appDir) {
  const offline = new Set(offlineRoutes(appDir));
  return listAppRoutes(appDir)
    .filter((r) => !r.dynamic && !offline.has(r.route) && r.route !== '/')
    .map((r) => r.route);
}
