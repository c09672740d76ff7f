import 'server-only';
import type { SessionContext } from '@/lib/auth/session-context';
import { getDb } from '@/lib/db/open-database';
import { STREAM_EVENT } from '@/sync/schema/protocol';
import { ChangeHub } from './change-hub';

/** Comment line sent this often (ms) so proxies keep an idle stream open. */
const HEARTBEAT_MS = 25_000;
/** Changes within this window (ms) go out as one event per collection. */
const COALESCE_MS = 50;

const holder = globalThis as unknown as { __crmChangeHub?: ChangeHub };

/** The process-wide hub (shared by every route bundle, like the database handle). */
export function changeHub(): ChangeHub {
  holder.__crmChangeHub ??= new ChangeHub(getDb);
  return holder.__crmChangeHub;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events of the caller's tenant: `resync` first (anything may have been missed
 * while disconnected), then `change` with the collection name whenever one commits. Closes
 * when `signal` aborts (the client went away).
 */
export async function openChangeStream(ctx: SessionContext, signal: AbortSignal, hub: ChangeHub = changeHub()): Promise<Response> {
  const encoder = new TextEncoder();
  let cleanup: () => Promise<void> = async () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const dirty = new Set<string>();
      let timer: ReturnType<typeof setTimeout> | null = null;
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
      const unsubscribe = await hub.subscribe(ctx.tenantId, (collection) => {
        dirty.add(collection);
        timer ??= setTimeout(() => {
          timer = null;
          for (const c of dirty) send(frame(STREAM_EVENT.change, { collection: c }));
          dirty.clear();
        }, COALESCE_MS);
      });
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      cleanup = async () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        await unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
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
