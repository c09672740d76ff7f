'use client';
// Client calls to the workflow API (admin screens are online-only). Errors carry the
// server's message, which is written for people, so the UI can show it as is.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** JSON request to our API; throws ApiError with the server's message on 4xx/5xx. */
export async function api<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string; issues?: { path: string; message: string }[] } };
  if (!res.ok) throw new ApiError(res.status, data.error?.message ?? `Request failed (${res.status})`, data.error?.issues);
  return data as T;
}
