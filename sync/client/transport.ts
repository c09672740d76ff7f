// Browser module: how replication reaches the server. The HTTP transport is the real one;
// Node tests pass a transport that calls the server functions directly.
import type { AnyWireDoc } from '@/sync/schema/collections';
import { PUSH_PROTOCOL, type Checkpoint, type PullResponse, type PushResponse, type PushResult } from '@/sync/schema/protocol';

export interface PushRow {
  assumedMasterState?: AnyWireDoc;
  newDocumentState: AnyWireDoc;
}

export interface SyncTransport {
  pull(collection: string, body: { checkpoint: Checkpoint | null; limit: number; count?: boolean }): Promise<PullResponse<AnyWireDoc>>;
  /** One answer per row, in order (push protocol 2). */
  push(collection: string, rows: PushRow[]): Promise<PushResult<AnyWireDoc>[]>;
}

/** A failed sync request: HTTP status and the API's error code. */
export class SyncRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

async function call<T>(fetchFn: typeof fetch, url: string, body: unknown): Promise<T> {
  const res = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new SyncRequestError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `Sync request failed (${res.status}).`);
  }
  return (await res.json()) as T;
}

/** The real transport: `POST {base}/{collection}/pull|push`. */
export function httpTransport(base = '/api/sync', fetchFn: typeof fetch = (...a) => fetch(...a)): SyncTransport {
  return {
    pull: (collection, body) => call(fetchFn, `${base}/${collection}/pull`, body),
    push: async (collection, rows) => (await call<PushResponse<AnyWireDoc>>(fetchFn, `${base}/${collection}/push?protocol=${PUSH_PROTOCOL}`, rows)).results,
  };
}
