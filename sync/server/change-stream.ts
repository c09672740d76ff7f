import 'server-only';
import type { SessionContext } from '@/lib/auth/session-context';
import { getDb } from '@/lib/db/open-database';
import { STREAM_EVENT } from '@/sync/schema/protocol';
import { ChangeHub } from './change-hub';
import { leadingCoalescer } from './leading-coalescer';
import { NoticeHub, noticeKey } from './notice-hub';
import { RevocationHub } from './revocation-hub';

/** Comment line sent this often (ms) so proxies keep an idle stream open. */
const HEARTBEAT_MS = 25_000;
/**
 * A change after a quiet spell goes out at once; changes within this window (ms) of an event
 * go out together at its end, one event per collection (leading-coalescer.ts).
 */
const COALESCE_MS = 50;
/**
 * How often (ms) an open stream checks that its session is still alive, besides the immediate
 * check on a revocation notification: the safety net for expiry and a missed notification.
 */
export const STREAM_RECHECK_MS = 30_000;
/** Open streams per person in one process; a new one closes the oldest. */
export const MAX_STREAMS_PER_USER = 5;

export interface StreamOptions {
  /**
   * Whether the session that opened the stream may still read: false (or a throw) ends the
   * stream. Checked from the database (`cached: false`) on every revocation notification and
   * every `recheckMs`, and before every change is sent (`cached: true`, so it should be cheap:
   * the session cache).
   */
  stillAllowed?: (check: { cached: boolean }) => Promise<boolean>;
  recheckMs?: number;
  /** Notifications that the person's sessions changed: each triggers an immediate check. */
  revocations?: Pick<RevocationHub, 'subscribe'>;
  /** Notifications that the person has a new conflict notice: each sends `notices`. */
  notices?: Pick<NoticeHub, 'subscribe'>;
  maxPerUser?: number;
}

type OpenStream = { close: (reason?: string) => Promise<void> };
const streams = globalThis as unknown as { __crmUserStreams?: Map<string, OpenStream[]> };

/** Open streams of `userId` in this process (for tests and the health page). */
export function openStreamCount(userId: string): number {
  return streams.__crmUserStreams?.get(userId)?.length ?? 0;
}

const holder = globalThis as unknown as { __crmChangeHub?: ChangeHub; __crmRevocationHub?: RevocationHub; __crmNoticeHub?: NoticeHub };

/** The process-wide hub (shared by every route bundle, like the database handle). */
export function changeHub(): ChangeHub {
  holder.__crmChangeHub ??= new ChangeHub(getDb);
  return holder.__crmChangeHub;
}

/** The process-wide conflict notice listener, for live streams. */
export function noticeHub(): NoticeHub {
  holder.__crmNoticeHub ??= new NoticeHub(getDb);
  return holder.__crmNoticeHub;
}

/** The process-wide revocation listener, for live streams. */
export function revocationHub(): RevocationHub {
  holder.__crmRevocationHub ??= new RevocationHub(getDb);
  return holder.__crmRevocationHub;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events of the caller's tenant: `resync` first (anything may have been missed
 * while disconnected), then `change` with the collection name whenever one commits. Closes
 * when `signal` aborts (the client went away), when the session is no longer allowed (see
 * StreamOptions), or when the same person opens more than `maxPerUser` streams (oldest first).
 */
export async function openChangeStream(ctx: SessionContext, signal: AbortSignal, hub: ChangeHub = changeHub(), opts: StreamOptions = {}): Promise<Response> {
  const encoder = new TextEncoder();
  const recheckMs = opts.recheckMs ?? STREAM_RECHECK_MS;
  const maxPerUser = opts.maxPerUser ?? MAX_STREAMS_PER_USER;
  let cleanup: (reason?: string) => Promise<void> = async () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The runtime closed the stream (client gone) before `abort` or `cancel` reached
          // us; a throw here would escape a timer as an uncaught exception.
          void cleanup();
        }
      };
      // Security: a stream outlives the request that authenticated it, so the session is
      // checked again while it runs: signing out (this or other devices), a password change,
      // a 2FA reset, deactivation or a role change notify it, and it checks the database at
      // once; the periodic check every `recheckMs` ends it when the session expires, through
      // the session cache (the database when the cache is not listening): ten thousand
      // streams each reading the database every 30 s were most of an instance's work.
      // Checks run one after another, so a change waits for a revocation's check in flight;
      // and every change is preceded by a check of its own, so a change made in this process
      // (deactivation, sign-out) stops the very next event, whatever order the notifications
      // arrive in.
      let checks: Promise<boolean> = Promise.resolve(true);
      const alive = (cached = false): Promise<boolean> => {
        const { stillAllowed } = opts;
        if (!stillAllowed) return Promise.resolve(true);
        checks = checks.then(async (ok) => {
          if (!ok || closed) return false;
          const allowed = await stillAllowed({ cached }).catch(() => false);
          if (!allowed) await cleanup();
          return allowed;
        });
        return checks;
      };
      const changes = leadingCoalescer(COALESCE_MS, async (collections) => {
        if (!(await alive(true))) return;
        for (const c of collections) send(frame(STREAM_EVENT.change, { collection: c }));
      });
      const unsubscribe = await hub.subscribe(
        ctx.tenantId,
        ({ collection }) => changes.add(collection),
        // The hub lost its LISTEN connection and is back: changes may have gone unannounced.
        () => send(frame(STREAM_EVENT.resync, {})),
      );
      // Without the notification (LISTEN failed), the periodic check still ends the stream.
      const stopRevocations = opts.stillAllowed && opts.revocations ? await opts.revocations.subscribe(ctx.userId, () => void alive()).catch(() => null) : null;
      // When notifications may have been missed, the phone reads its notices anyway.
      const notices = () => send(frame(STREAM_EVENT.notices, {}));
      const stopNotices = opts.notices ? await opts.notices.subscribe(noticeKey(ctx.tenantId, ctx.userId), notices, notices).catch(() => null) : null;
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      const recheck = opts.stillAllowed ? setInterval(() => void alive(true), recheckMs) : null;
      const entry: OpenStream = { close: (reason) => cleanup(reason) };
      cleanup = async (reason?: string) => {
        if (closed) return;
        if (reason) send(frame(STREAM_EVENT.closed, { reason }));
        closed = true;
        clearInterval(heartbeat);
        if (recheck) clearInterval(recheck);
        changes.cancel();
        const mine = streams.__crmUserStreams?.get(ctx.userId);
        const at = mine?.indexOf(entry) ?? -1;
        if (mine && at >= 0) mine.splice(at, 1);
        if (mine?.length === 0) streams.__crmUserStreams?.delete(ctx.userId);
        await unsubscribe();
        await stopRevocations?.();
        await stopNotices?.();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      // Security: one person cannot hold an unbounded number of streams (each is a timer
      // set and a listener); the newest wins, the oldest is told not to reconnect.
      const registry = (streams.__crmUserStreams ??= new Map());
      const mine = registry.get(ctx.userId) ?? [];
      registry.set(ctx.userId, mine);
      mine.push(entry);
      while (mine.length > maxPerUser) await mine[0]!.close('too_many_streams');
      send('retry: 3000\n\n');
      send(frame(STREAM_EVENT.resync, {}));
      if (signal.aborted) await cleanup();
      else signal.addEventListener('abort', () => void cleanup(), { once: true });
    },
    async cancel() {
      await cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}
