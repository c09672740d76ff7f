import 'server-only';
import pino from 'pino';
import { safeError } from './safe-error';
import { traceIds } from './tracing';

// Structured JSON logs on stdout (one line per event) for the platform's collector.
// Secrets never reach logs: the redact list covers every field name that may carry one.
const holder = globalThis as unknown as { __crmLogger?: pino.Logger };

/** The logger's options (exported so a test can write with them to a sink it reads). */
export function loggerOptions(): pino.LoggerOptions {
  return {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'crm-ai' },
    // Errors are logged by kind and place only: no query parameters, details or documents.
    serializers: { err: safeError, error: safeError },
    redact: { paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret', 'authorization', '*.authorization', 'cookie', '*.cookie'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Each line carries the active trace's ids (when tracing is on), so logs and traces join up.
    mixin: () => traceIds(),
  };
}

/** The process-wide logger; `logger().child({ requestId })` per request. */
export function logger(): pino.Logger {
  holder.__crmLogger ??= pino(loggerOptions());
  return holder.__crmLogger;
}
