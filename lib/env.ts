import 'server-only';
import { z } from 'zod';
import { cidrSchema } from './security/ip-allowlist';

// The one place the server reads its environment. Every variable is documented in
// .env.example; a bad value stops the process at first use with a list of every problem.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Comma-separated `keyId:base64(32 bytes)`; the first key encrypts, all of them decrypt.
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44})*$/, 'must be keyId:base64key[,keyId:base64key…]')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Sync: days a deletion (tombstone) is kept for offline clients; older copies resync fully.
  SYNC_TOMBSTONE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // Days the change log (record_changes: whole documents before and after each write) is kept
  // once workflows have read it, and days a finished workflow run keeps its record and step
  // payloads (lib/ops/change-data-retention-job.ts).
  RECORD_CHANGES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // API quotas per minute (tenant quotas follow the tenant's plan, see lib/ratelimit/api-quota.ts).
  API_QUOTA_IP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  API_QUOTA_USER_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  // Per API key (public API v1); the key's organization also counts against its tenant quota.
  API_QUOTA_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  // Replaces every plan's per-tenant quota when set (load tests; a deployment with its own plans).
  API_QUOTA_TENANT_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  // New organizations one client address may create per hour (sign-up spam guard).
  SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
  // Bearer token Prometheus sends to /api/metrics; unset = the endpoint answers 404.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  // --- Auth (issue 3) ---
  // Signs and encrypts session cookies; unset = a development secret generated into .data/.
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  // next-auth's own name for AUTH_SECRET, accepted in its place.
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  // 1: a production server on Postgres may still generate AUTH_SECRET and ENCRYPTION_KEYS into
  // .data/ (one machine only: `npm start`, the browser tests' servers). See the rule below.
  DEV_SECRETS: z.enum(['0', '1']).default('0'),
  // Idle lifetime of a session (minutes without a request) and absolute lifetime (hours since sign-in).
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(480),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(168),
  // Secure (https-only) cookies: 1 or 0; unset = on when APP_URL is https.
  COOKIE_SECURE: z.enum(['0', '1']).optional(),
  // How many reverse proxies in front of the app append to X-Forwarded-For (0 = none).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Prefix of rate-limit keys in Redis, so several deployments (or test runs) can share one Redis.
  RATE_LIMIT_NAMESPACE: z.string().regex(/^[A-Za-z0-9_.-]{0,64}$/, 'letters, digits, _ . - only').default(''),
  // Outgoing mail: smtp(s)://user:pass@host:port; unset = the development outbox page.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// URL').optional().or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('CRM-AI <no-reply@crm-ai.invalid>'),
  // Production without SMTP_URL refuses to start unless one of these is 1 (lib/mail/mail-config.ts):
  // MAIL_DISABLED: no mail at all; invitations and sign-up links are refused with a message.
  MAIL_DISABLED: z.enum(['0', '1']).default('0'),
  // MAIL_DEV_OUTBOX: keep mail in the development outbox even in a production build (test servers
  // only: anyone who can reach /api/dev/mail reads sign-up links). Development and test runs use it anyway.
  MAIL_DEV_OUTBOX: z.enum(['0', '1']).default('0'),
  // TEST_TENANTS: browser-test servers only (scripts/e2e-server.mjs). POST /api/dev/tenants then
  // seeds a fresh demo tenant with known passwords, for callers on this machine.
  TEST_TENANTS: z.enum(['0', '1']).default('0'),
  // Public base URL used in mailed links; unset = the origin of the request.
  APP_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  // Workflow engine: 'embedded' runs the queue workers inside the app process (the only
  // choice with PGlite); 'off' leaves them to separate `npm run workflows:worker` processes.
  WORKFLOW_WORKERS: z.enum(['embedded', 'off']).default('embedded'),
  // Workflow webhook steps may reach private, loopback and link-local addresses: 1 for tests and
  // development only (refused when NODE_ENV=production); 0 = public internet addresses only.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['0', '1']).default('0'),
  // On-premise installs whose receivers live on the internal network: comma-separated CIDR
  // ranges (e.g. 10.20.0.0/16,fd00:1::/48) that webhook steps and outgoing webhooks may reach
  // besides the public internet, in production too. Each must name a range, not everything.
  WEBHOOK_PRIVATE_TARGET_CIDRS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(cidrSchema.refine((r) => !/\/0$/.test(r), 'must name a range, not every address (/0)')).max(50)),
}).superRefine((e, ctx) => {
  // Security: refused at boot (instrumentation.ts parses the environment before serving and
  // exits on an error), not when the first webhook step runs: an escape hatch left on in
  // production would let every admin use the server as a proxy onto the internal network.
  if (e.NODE_ENV === 'production' && e.WEBHOOK_ALLOW_PRIVATE_TARGETS === '1') {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_ALLOW_PRIVATE_TARGETS'], message: 'must not be 1 when NODE_ENV=production (tests and development only)' });
  }
  // On Postgres any number of instances (containers, machines) share the data. A secret each
  // one generates into its own .data/ breaks that: a session signed by one instance is refused
  // by the next, and a secret sealed by one (two-factor, webhook signing) cannot be opened by
  // another, nor by the same one once its disk is replaced. So production needs them set.
  if (e.NODE_ENV === 'production' && e.DATABASE_URL && e.DEV_SECRETS !== '1') {
    const shared = 'must be set when NODE_ENV=production and DATABASE_URL is set: every instance must use the same one (DEV_SECRETS=1 generates one into .data/, for a single machine)';
    if (!e.AUTH_SECRET && !e.NEXTAUTH_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: shared });
    if (!e.ENCRYPTION_KEYS) ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS'], message: shared });
  }
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parsed server environment; throws once, listing every invalid variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
