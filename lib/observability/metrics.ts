import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// One registry per process, kept on globalThis so every route bundle and Next's dev reloads
// increment the same counters (prom-client refuses to register a metric name twice).
interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  syncDocuments: Counter<'direction' | 'collection'>;
  syncConflicts: Counter<'collection'>;
  rateLimited: Counter<'limiter'>;
  ipBlocked: Counter<'stage'>;
  workflowRunsFailed: Counter<'reason'>;
  queueDepth: Gauge<'queue'>;
}

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({ name: 'crm_http_requests_total', help: 'API requests by route, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'crm_http_request_duration_seconds',
      help: 'API request latency by route',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    syncDocuments: new Counter({ name: 'crm_sync_documents_total', help: 'Documents pulled and pushed', labelNames: ['direction', 'collection'], registers: [registry] }),
    syncConflicts: new Counter({ name: 'crm_sync_conflicts_total', help: 'Pushed documents answered with a conflict', labelNames: ['collection'], registers: [registry] }),
    rateLimited: new Counter({ name: 'crm_rate_limited_total', help: 'Requests rejected by a rate limiter', labelNames: ['limiter'], registers: [registry] }),
    ipBlocked: new Counter({ name: 'crm_ip_blocked_total', help: 'Requests refused by a tenant IP allowlist', labelNames: ['stage'], registers: [registry] }),
    workflowRunsFailed: new Counter({ name: 'crm_workflow_runs_failed_total', help: 'Workflow runs that failed for good', labelNames: ['reason'], registers: [registry] }),
    queueDepth: new Gauge({ name: 'crm_queue_depth', help: 'Jobs waiting per queue', labelNames: ['queue'], registers: [registry] }),
  };
}

const holder = globalThis as unknown as { __crmMetrics?: Metrics };

/** The process-wide metrics. */
export function metrics(): Metrics {
  holder.__crmMetrics ??= create();
  return holder.__crmMetrics;
}
