# The CRM-AI app image (docs/scaling.md):  docker build -t crm-ai .
# Two stages: `build` has every dependency and builds with Next's standalone output, which
# traces the server's code to the files it needs (about 100 MB of node_modules against 630 MB
# for all production dependencies); the runtime image holds that, the static assets and the few
# files our own server (scripts/server.mjs) reads at start, and runs as `node`.
# Migrations apply when the first request opens the database (lib/db/open-database.ts), under
# an advisory lock, so any number of instances may start at once.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The service worker plugin needs webpack; the cache is only for rebuilds.
RUN NEXT_OUTPUT=standalone npx next build --webpack && rm -rf .next/cache

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 LISTEN_HOST=0.0.0.0
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/next.config.mjs ./
COPY --from=build /app/scripts/server.mjs ./scripts/server.mjs
COPY --from=build /app/lib/db/migrations ./lib/db/migrations
COPY --from=build /app/lib/http/peer-address.mjs /app/lib/http/security-headers.mjs ./lib/http/
COPY --from=build /app/lib/pwa-routes.mjs ./lib/pwa-routes.mjs
# Embedded PGlite (no DATABASE_URL) keeps its files here: mount a volume on /app/.data.
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "scripts/server.mjs"]
