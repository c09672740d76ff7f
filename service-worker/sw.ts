/// <reference lib="webworker" />
// The service worker (built by workbox-webpack-plugin's InjectManifest into public/sw.js).
// Precaches the app shell: every static chunk, the CSS, icons and the HTML shell of every
// offline route. CRM pages are static shells that read their data from RxDB, so one cached
// shell serves every user. API requests are never intercepted: sync and auth always reach
// the network (or fail, and the sync engine retries).
import { addPlugins, cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

const OFFLINE_PAGE = '/offline';
const HOME = '/today';

// A page fetched while signed out is the sign-in page under the shell's URL: refuse to
// cache it, so the install fails and is retried, instead of serving the wrong page offline.
addPlugins([
  {
    cacheWillUpdate: async ({ response }) => (response.redirected || !response.ok ? null : response),
  },
]);

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every other navigation (sign-in, admin, audit, health…) needs the server; offline it gets
// an accessible "needs a connection" page instead of the browser's error.
const networkOnly = new NetworkOnly();
registerRoute(
  new NavigationRoute(async (options) => {
    try {
      return await networkOnly.handle(options);
    } catch {
      const url = new URL(options.request.url);
      if (url.pathname === '/') return (await matchPrecache(HOME)) ?? Response.error();
      // Record pages are one static shell each that reads `?id=` in the browser, and a
      // shortcut may add `?new=1`: the cached shell of the path serves any query string.
      const shell = url.search ? await matchPrecache(url.pathname) : undefined;
      return shell ?? (await matchPrecache(OFFLINE_PAGE)) ?? Response.error();
    }
  }),
);

// The page asks before we take over (WCAG 3.2.5: the user chooses when to reload).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
