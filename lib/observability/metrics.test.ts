import { describe, expect, it } from 'vitest';
import { metrics } from './metrics';

describe('metrics', () => {
  it('is one registry per process and renders Prometheus text with our series', async () => {
    expect(metrics()).toBe(metrics());
    metrics().httpRequests.inc({ route: '/api/test', method: 'GET', status: '200' });
    metrics().rateLimited.inc({ limiter: 'api-ip' }, 2);
    const text = await metrics().registry.metrics();
    expect(text).toContain('crm_http_requests_total{route="/api/test",method="GET",status="200"} 1');
    expect(text).toContain('crm_rate_limited_total{limiter="api-ip"} 2');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
