import 'server-only';
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

// OpenTelemetry hooks. The API is a no-op until an SDK is registered (instrumentation.ts does
// that when OTEL_EXPORTER_OTLP_ENDPOINT is set), so these spans cost next to nothing by default.
// Next.js traces each request itself; these add what only we know: tenant, user, request id,
// and spans around sync and workflow work.
const TRACER = 'crm-ai';

/** Runs `fn` in a child span named `name`; an error marks the span failed and is rethrown. */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The trace and span ids of the active span, for log lines; empty when nothing is traced. */
export function traceIds(): { traceId?: string; spanId?: string } {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return {};
  return { traceId: ctx.traceId, spanId: ctx.spanId };
}
