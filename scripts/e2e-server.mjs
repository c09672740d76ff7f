// Starts the production build for browser tests on a fresh, seeded database:
// a throwaway PGlite directory, or the DATABASE_URL database with its schema reset.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const port = process.argv[2] ?? '3100';
// `--join`: a second instance on the database the first one seeded (e2e/scale-out.spec.ts).
const join = process.argv.includes('--join');
const env = { ...process.env, NODE_ENV: 'production', SEED_ANCHOR_DATE: process.env.SEED_ANCHOR_DATE ?? new Date().toISOString() };
// Fresh rate-limit counters per run: lockouts left in a shared Redis by an earlier run must not
// fail this one. The test config passes one namespace to all its instances, which share limits.
env.RATE_LIMIT_NAMESPACE ??= `e2e-${port}-${Date.now()}`;
// Every browser test comes from 127.0.0.1 and many create a fresh organization (owners and
// admins must enroll two-factor): the per-address limits are for real traffic, not this one.
env.SIGNUPS_PER_IP_PER_HOUR ??= '1000';
env.API_QUOTA_IP_PER_MINUTE ??= '100000';
// The tests play the part of one trusted proxy: the IP-allowlist specs send the address of an
// office in X-Forwarded-For, which only a configured hop may set (lib/http/client-ip.ts).
env.TRUSTED_PROXY_HOPS ??= '1';
// A production build refuses to start without a mail transport (lib/mail/mail-config.ts). This
// throwaway test server opts in to the development outbox on purpose: the specs read sign-up
// and invitation links from it (/api/dev/mail, /dev/outbox), and the server warns loudly.
env.MAIL_DEV_OUTBOX ??= '1';
// Specs that change records seed a tenant of their own (POST /api/dev/tenants, lib/seed/test-tenants.ts).
env.TEST_TENANTS ??= '1';
// One machine: on Postgres, production needs AUTH_SECRET and ENCRYPTION_KEYS shared by every
// instance (lib/env.ts); the test config passes one pair to all its servers, a server started by
// hand generates its own into .data/.
env.DEV_SECRETS ??= '1';
// Mailed links are built from APP_URL in production, never from a request's Host header.
env.APP_URL ??= `http://127.0.0.1:${port}`;
if (join && !env.DATABASE_URL) {
  console.error('--join needs DATABASE_URL: embedded PGlite belongs to one process.');
  process.exit(1);
}
if (!env.DATABASE_URL) {
  env.PGLITE_DATA_DIR = `.data/e2e-pglite-${port}`;
  rmSync(env.PGLITE_DATA_DIR, { recursive: true, force: true });
}
if (!join) {
  const seed = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/seed.ts', '--reset'], { env, stdio: 'inherit' });
  if (seed.status !== 0) process.exit(seed.status ?? 1);
}

const server = spawn('node', ['scripts/server.mjs', '-p', port, '-H', '127.0.0.1'], { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
