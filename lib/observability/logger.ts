import 'server-only';
import pino from 'pino';
import { traceIds } from './tracing';

// Structured JSON logs on stdout (one line per event) for the platform's collector.
// Secrets never reach logs: the redact list covers every field name that may carry one.
const holder = globalThis as unknown as { __crmLogger?: pino.Logger };

/** The process-wide logger; `logger().child({ requestId })` per request. */
export function logger(): pino.Logger {
  holder.__crmLogger ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'crm-ai' },
    redact: { paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret', 'authorization', '*.authorization', 'cookie', '*.cookie'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Each line carries the active trace's ids (when tracing is on), so logs and traces join up.
    mixin: () => traceIds(),
  });
  return holder.__crmLogger;
}
