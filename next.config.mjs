// @ts-check
import { createRequire } from 'node:module';
import path from 'node:path';
import { offlineRoutes } from './lib/pwa-routes.mjs';
import { SECURITY_HEADERS } from './lib/http/security-headers.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native and WASM database drivers must stay real Node modules: bundling PGlite breaks
  // its WASM loading after `next build` (ERR_INVALID_ARG_TYPE), argon2 ships a .node binary.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-boss', 'ioredis', 'pino', 'prom-client'],
  poweredByHeader: false,
  // The container image (Dockerfile) ships only the files the server traces to, not node_modules.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' } : {}),
  experimental: {
    // Security: for requests proxy.ts matches (pages), Next.js copies the body for the proxy and
    // holds up to this many bytes (default 10 MB) per request. Pages take no bodies (no server
    // actions; forms post to /api/*, which the proxy skips), so a few KB bound that copy.
    proxyClientMaxBodySize: 16 * 1024,
  },
  async headers() {
    return [
      {
        // Security: transport, framing, sniffing and referrer rules for every response
        // (the server's fast lane sends the same list, lib/http/fast-lane.ts).
        source: '/:path*',
        headers: SECURITY_HEADERS,
      },
      {
        // The service worker must never be served stale, or updates would not be detected.
        source: '/sw.js',
        headers: [
          { key: 'Cache-Control', value: 'no-cache, no-store, must-revalidate' },
          { key: 'Service-Worker-Allowed', value: '/' },
        ],
      },
    ];
  },
  webpack(config, { isServer, dev, buildId }) {
    if (!isServer && !dev) {
      // Loaded only when building: the service worker plugin is a build tool (a devDependency),
      // and the production image (Dockerfile) serves without it.
      const { InjectManifest } = createRequire(import.meta.url)('workbox-webpack-plugin');
      config.plugins.push(
        new InjectManifest({
          swSrc: path.resolve('service-worker/sw.ts'),
          swDest: path.resolve('public/sw.js'),
          // Webpack assets are named `static/...` and served under /_next/.
          modifyURLPrefix: { 'static/': '/_next/static/' },
          // Build manifests and server files are not browser assets.
          exclude: [/\.map$/, /^\.\.\//, /server\//, /build-manifest\.json$/, /react-loadable-manifest/, /_buildManifest\.js$/, /_ssgManifest\.js$/, /\.LICENSE\.txt$/],
          // The HTML shells of the offline routes and the icons are not webpack assets.
          additionalManifestEntries: [
            ...offlineRoutes().map((url) => ({ url, revision: buildId })),
            ...['icon-192.png', 'icon-512.png', 'maskable-192.png', 'maskable-512.png'].map((f) => ({ url: `/icons/${f}`, revision: '1' })),
            { url: '/manifest.webmanifest', revision: buildId },
          ],
          maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        }),
      );
    }
    return config;
  },
};

export default nextConfig;
