import 'server-only';

/** What of an error may reach the logs: its kind and where it happened, never record contents. */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  /** Postgres error fields that name schema objects, not values. */
  severity?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  stack?: string;
  cause?: SafeError;
}

const MAX_MESSAGE = 300;

/**
 * Masks what a message may quote from the data: Postgres quotes the offending value
 * (`invalid input syntax for type uuid: "…"`), and an error thrown with a document in its
 * message carries it in braces or brackets.
 */
export function maskMessage(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/\{[\s\S]*\}/g, '{…}')
    .replace(/\[[\s\S]*\]/g, '[…]')
    .slice(0, MAX_MESSAGE);
}

const str = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/**
 * An error reduced to what is safe to log. Security: a database error carries the query's
 * parameters (PGlite sets `params` and `query`; pg sets `detail` like "Key (email)=(…)",
 * `where` and `internalQuery`), and other errors may carry the document being written. All of
 * those are dropped; the message is masked and the stack keeps its frames only.
 */
export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) {
    return { type: typeof err, message: typeof err === 'string' ? maskMessage(err) : '(not an Error)' };
  }
  const e = err as Error & Record<string, unknown>;
  const out: SafeError = { type: err.name || err.constructor?.name || 'Error', message: maskMessage(String(err.message ?? '')) };
  const code = e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code).slice(0, 40);
  for (const k of ['severity', 'table', 'column', 'constraint', 'routine'] as const) {
    const v = str(e[k]);
    if (v !== undefined) out[k] = v;
  }
  // The stack's first line repeats the message unmasked; keep only the "at …" frames.
  if (typeof err.stack === 'string') {
    out.stack = err.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 15)
      .join('\n');
  }
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}
