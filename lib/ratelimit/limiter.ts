import 'server-only';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { env } from '../env';

export interface LimiterSpec {
  /** Prefix of the keys in the store. */
  name: string;
  /** Allowed count per window. */
  points: number;
  /** Window length and block length once exhausted (seconds). */
  windowSeconds: number;
  /** Block length once exhausted, when it differs from the window (0 = plain fixed window). */
  blockSeconds?: number;
}

type RedisClient = ConstructorParameters<typeof RateLimiterRedis>[0]['storeClient'];
const holder = globalThis as unknown as { __crmRedis?: RedisClient; __crmLimiters?: Map<string, RateLimiterAbstract>; __crmLimiterNs?: string };

async function redisClient(url: string): Promise<RedisClient> {
  if (!holder.__crmRedis) {
    const mod = await import('ioredis');
    // ioredis is CommonJS: Node's ESM import exposes the class as `Redis`, the bundled server
    // (an external module under webpack) only as `default`. Take whichever is the class.
    const Redis = (typeof mod.Redis === 'function' ? mod.Redis : (mod as unknown as { default: typeof mod.Redis }).default) as typeof mod.Redis;
    // enableOfflineQueue false: rate-limiter-flexible's Redis guidance, so a down Redis fails fast.
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // Without the offline queue, commands sent before the connection is up fail (and the
    // memory insurance limiter would silently count instead): wait for it, briefly.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        console.warn('Redis not ready after 3 s: rate limits fall back to per-process memory until it is.');
        done();
      }, 3000);
      client.once('ready', done);
    });
    holder.__crmRedis = client;
  }
  return holder.__crmRedis;
}

/**
 * A counter shared by every app instance when REDIS_URL is set (Redis), else per process
 * (memory). One instance per spec name for the life of the process.
 */
export async function limiter(spec: LimiterSpec): Promise<RateLimiterAbstract> {
  holder.__crmLimiters ??= new Map();
  const existing = holder.__crmLimiters.get(spec.name);
  if (existing) return existing;
  const ns = env().RATE_LIMIT_NAMESPACE ? `${env().RATE_LIMIT_NAMESPACE}:` : '';
  const opts = { keyPrefix: `crm:${ns}${holder.__crmLimiterNs ?? ''}${spec.name}`, points: spec.points, duration: spec.windowSeconds, blockDuration: spec.blockSeconds ?? spec.windowSeconds };
  const url = env().REDIS_URL;
  const made = url
    ? new RateLimiterRedis({ ...opts, storeClient: await redisClient(url), insuranceLimiter: new RateLimiterMemory(opts) })
    : new RateLimiterMemory(opts);
  holder.__crmLimiters.set(spec.name, made);
  return made;
}

/** Seconds until `key` may try again, or 0 when it is not blocked. */
export async function blockedFor(l: RateLimiterAbstract, key: string): Promise<number> {
  const res = await l.get(key);
  if (!res || res.consumedPoints < l.points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Counts one failure for `key`; returns seconds blocked when this failure exhausted the allowance. */
export async function countFailure(l: RateLimiterAbstract, key: string): Promise<number> {
  try {
    const res = await l.consume(key);
    return res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}

/** Takes one point for `key`: 0 when allowed, else seconds until it may try again. */
export async function tryConsume(l: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await l.consume(key);
    return 0;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}

/** Clears `key` (after a success). */
export async function resetKey(l: RateLimiterAbstract, key: string): Promise<void> {
  await l.delete(key);
}

/**
 * Drops every limiter and starts a fresh key namespace (tests): counters left in a shared
 * Redis by an earlier test cannot leak into the next one.
 */
export function resetLimiters(): void {
  holder.__crmLimiters = undefined;
  holder.__crmLimiterNs = `t${Math.random().toString(36).slice(2, 10)}:`;
}
