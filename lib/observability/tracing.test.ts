import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordSpans } from './testing-tracer';
import { inSpan, traceIds } from './tracing';

const spans = recordSpans();

describe('tracing hooks', () => {
  beforeEach(() => spans.reset());

  it('nests spans, and the active span’s ids reach log lines', async () => {
    let inner: ReturnType<typeof traceIds> = {};
    expect(traceIds()).toEqual({});
    await inSpan('outer', { 'crm.tenant_id': 't1' }, () => inSpan('inner', {}, async () => void (inner = traceIds())));
    const [innerSpan, outerSpan] = spans.getFinishedSpans();
    expect(innerSpan?.name).toBe('inner');
    expect(outerSpan?.attributes).toEqual({ 'crm.tenant_id': 't1' });
    expect(innerSpan?.parentSpanContext?.spanId).toBe(outerSpan?.spanContext().spanId);
    expect(inner).toEqual({ traceId: outerSpan?.spanContext().traceId, spanId: innerSpan?.spanContext().spanId });
  });

  it('marks a failed span and rethrows the error', async () => {
    await expect(inSpan('fails', {}, async () => Promise.reject(new Error('no database')))).rejects.toThrow('no database');
    const [span] = spans.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no database' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });
});
