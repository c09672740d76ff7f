import 'server-only';
import { Redis } from 'ioredis';
import { getDb } from '../db/open-database';
import type { Database } from '../db/types';
import { env } from '../env';

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 2_000; // a dependency slower than this counts as down

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: CHECK_TIMEOUT_MS });
  redis.on('error', () => undefined); // reported through the failed ping instead
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

/**
 * Can this instance serve? The database answers and is migrated; Redis answers when
 * configured. Extra checks (the workflow queue) are passed in by their owners.
 */
export async function checkReadiness(
  deps: { db?: () => Promise<Database>; redisUrl?: string | null; extra?: Record<string, () => Promise<unknown>> } = {},
): Promise<Readiness> {
  const openDb = deps.db ?? getDb;
  const redisUrl = deps.redisUrl === undefined ? env().REDIS_URL : deps.redisUrl;
  const entries: [string, () => Promise<unknown>][] = [
    ['database', async () => (await openDb()).query('SELECT 1 FROM schema_migrations LIMIT 1')],
    ...(redisUrl ? [['redis', () => pingRedis(redisUrl)] as [string, () => Promise<unknown>]] : []),
    ...Object.entries(deps.extra ?? {}),
  ];
  const results = await Promise.all(entries.map(async ([name, check]) => [name, await timed(check)] as const));
  const checks = Object.fromEntries(results);
  return { ok: results.every(([, r]) => r.ok), checks };
}
