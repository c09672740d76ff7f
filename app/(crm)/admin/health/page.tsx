import type { Metadata } from 'next';
import { FigureTable, Section, Status, utc } from '@/components/admin/health/figure-table';
import { LatencyChart, QueueDepthChart, TrafficChart } from '@/components/admin/health/health-charts';
import { MinuteTable } from '@/components/admin/health/minute-table';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { healthReport } from '@/lib/observability/health-report';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'System health' };
export const dynamic = 'force-dynamic';

const bound = (n: number | null) => (n === null ? 'no requests yet' : `≤ ${n} ms`);

export default async function HealthPage() {
  const { ctx, allowed } = await requirePageSession('/admin/health', 'settings:manage');
  if (!allowed) return <NotAllowed title="System health" />;
  const r = await healthReport(ctx);
  const t = r.totals;
  const runs = r.workflows.last24h;
  return (
    <>
      <PageHeader
        title="System health"
        description={`Figures at ${utc(r.generatedAt)}. Every figure is your organization's: requests as counted by this server instance (up ${Math.round(r.instance.uptimeSeconds / 60)} min), workflow and audit figures from the database. Figures for the whole instance are for its operator, through /api/metrics.`}
        actions={
          <a href="/admin/health" className="inline-flex min-h-target min-w-target items-center text-link underline">
            Refresh figures
          </a>
        }
      />
      <div className="flex flex-col gap-10">
        <Section id="ready-heading" title="Readiness">
          <FigureTable
            caption="Readiness checks"
            rows={[
              ['Overall', <Status key="o" ok={r.readiness.ok} okText="Ready" badText="Not ready" />],
              ...Object.entries(r.readiness.checks).map(
                ([name, c]) => [`Check: ${name}`, <span key={name}><Status ok={c.ok} /> in {c.ms} ms{c.error ? ` — ${c.error}` : ''}</span>] as const,
              ),
              ['Database round trip (median of 5)', `${r.database.medianMs} ms (fastest ${r.database.minMs} ms, slowest ${r.database.maxMs} ms)`],
            ]}
          />
        </Section>

        <Section id="traffic-heading" title="Requests and sync">
          <FigureTable
            caption="Your organization's requests since this server first answered it"
            rows={[
              ['Requests from your organization', t.requests],
              ['Latency, median', bound(r.latency.p50Ms)],
              ['Latency, 95th percentile', bound(r.latency.p95Ms)],
              ['Server errors (5xx)', t.serverErrors],
              ['Refused requests (4xx)', t.clientErrors],
              ['Sync documents pushed', t.syncPushed],
              ['Sync documents pulled', t.syncPulled],
              ['Sync conflicts', t.syncConflicts],
              ['Sync errors (4xx and 5xx answers)', t.syncErrors],
              ['Rate-limit rejections', t.rateLimited],
              ['Refused by an IP allowlist', t.ipBlocked],
            ]}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <TrafficChart title="Requests per minute" points={r.series} show="requests" tableId="minutes-caption" />
            <TrafficChart title="Sync documents per minute (pushed and pulled)" points={r.series} show="sync" tableId="minutes-caption" />
            <TrafficChart title="Errors and rejections per minute" points={r.series} show="problems" tableId="minutes-caption" />
          </div>
          <MinuteTable points={r.series} />
        </Section>

        <Section id="latency-heading" title="Latency (last hour)">
          <LatencyChart
            points={r.series}
            note={
              <p className="max-w-prose text-sm">
                Each figure is the upper bound of the latency bucket that holds it (5, 10, 25, 50, 100, 250, 500, 1,000, 2,500 or 5,000 ms), as
                in the operator&apos;s metrics.
              </p>
            }
          />
        </Section>

        <Section id="routes-heading" title="Busiest routes">
          {r.latency.routes.length === 0 ? (
            <p>No requests from your organization on this server yet.</p>
          ) : (
            <ScrollRegion aria-labelledby="routes-caption">
              <table className="w-full border-collapse text-left">
                <caption id="routes-caption" className="sr-only">
                  Requests, errors and 95th percentile latency per route
                </caption>
                <thead>
                  <tr className="border-b border-border">
                    <th scope="col" className="p-2">Route</th>
                    <th scope="col" className="p-2">Requests</th>
                    <th scope="col" className="p-2">4xx</th>
                    <th scope="col" className="p-2">5xx</th>
                    <th scope="col" className="p-2">95th percentile</th>
                  </tr>
                </thead>
                <tbody>
                  {r.latency.routes.map((s) => (
                    <tr key={s.route} className="border-b border-border">
                      <th scope="row" className="p-2 font-mono font-normal">{s.route}</th>
                      <td className="p-2 tabular-nums">{s.requests}</td>
                      <td className="p-2 tabular-nums">{s.clientErrors}</td>
                      <td className="p-2 tabular-nums">{s.serverErrors}</td>
                      <td className="p-2 tabular-nums">{bound(s.p95Ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Section>

        <Section id="workflows-heading" title="Workflows (last 24 hours)">
          <FigureTable
            caption="Workflow runs and queue of your organization"
            rows={[
              ['Runs succeeded', runs.succeeded ?? 0],
              ['Runs failed', runs.failed ?? 0],
              ['Runs queued, running or waiting', (runs.queued ?? 0) + (runs.running ?? 0) + (runs.waiting ?? 0)],
              ['Runs cancelled', runs.cancelled ?? 0],
              ['Record changes waiting for their workflow triggers', r.workflows.triggerBacklog],
              ['Run jobs (waits included)', r.workflows.queued.length === 0 ? 'none waiting' : r.workflows.queued.map((q) => `${q.jobs} ${q.state}`).join(', ')],
            ]}
          />
          <QueueDepthChart minutes={r.queue} />
          {r.workflows.recentFailures.length > 0 ? (
            <>
              <h3 className="text-lg font-semibold">Latest failed runs</h3>
              <ul className="flex flex-col gap-2">
                {r.workflows.recentFailures.map((f) => (
                  <li key={f.runId}>
                    {utc(f.at)} — {f.workflow}: {f.error ?? 'no message'}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>

        <Section id="audit-heading" title="Audit log">
          <FigureTable
            caption="Audit chain and retention of your organization"
            rows={[
              ['Entries kept', r.audit.entries],
              ['Newest entry number', r.audit.headSeq ?? '—'],
              [
                'Last chain verification',
                r.audit.lastVerify ? (
                  <span key="v">
                    <Status ok={r.audit.lastVerify.ok} okText="Intact" badText="Broken" /> at {utc(r.audit.lastVerify.at)}
                  </span>
                ) : (
                  'never verified'
                ),
              ],
              ['Retention', r.audit.retentionDays === null ? 'kept for ever' : `${r.audit.retentionDays} days`],
              [
                'Last retention run',
                r.audit.lastRetention ? (
                  <span key="rr">
                    <Status ok={r.audit.lastRetention.ok} okText="Done" badText="Failed" /> started {utc(r.audit.lastRetention.startedAt)}, removed{' '}
                    {r.audit.lastRetention.removedHere} of your entries{r.audit.lastRetention.error ? `. ${r.audit.lastRetention.error}` : ''}
                  </span>
                ) : (
                  'not run yet (daily, from 30 seconds after the server starts)'
                ),
              ],
            ]}
          />
          <p>
            <a href="/audit" className="inline-flex min-h-target items-center text-link underline">
              Verify the chain now on the audit log page
            </a>
          </p>
        </Section>

        <Section id="maintenance-heading" title="Maintenance">
          <FigureTable
            caption="Scheduled jobs (every instance checks every 15 minutes; one of them runs each job)"
            rows={[
              [
                'Deleted-record history purge (daily)',
                r.maintenance.tombstonePurge ? (
                  <span key="tp">
                    <Status ok={r.maintenance.tombstonePurge.ok} okText="Done" badText="Failed" /> started {utc(r.maintenance.tombstonePurge.startedAt)}, removed{' '}
                    {r.maintenance.tombstonePurge.purgedHere} of your deleted records
                  </span>
                ) : (
                  'not run yet'
                ),
              ],
              [
                'Database statistics refresh (hourly)',
                r.maintenance.statistics === 'autovacuum' ? (
                  'done by PostgreSQL itself (autovacuum)'
                ) : r.maintenance.statistics ? (
                  <span key="st">
                    <Status ok={r.maintenance.statistics.ok} okText="Done" badText="Failed" /> started {utc(r.maintenance.statistics.startedAt)}
                    {r.maintenance.statistics.ms === null ? '' : `, took ${r.maintenance.statistics.ms} ms`}
                  </span>
                ) : (
                  'not run yet'
                ),
              ],
            ]}
          />
        </Section>
      </div>
    </>
  );
}
