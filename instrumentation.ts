// Next.js instrumentation hook: runs once when a server instance starts. In embedded mode
// (the default, and the only option with PGlite) the workflow queue workers run inside this
// process; with WORKFLOW_WORKERS=off they run as separate `npm run workflows:worker` processes.
// The audit sequencer's timer, and maintenance jobs (lib/ops/scheduler.ts: planner statistics on PGlite, audit retention,
// signing of the audit chain heads, tombstone purge, purge of old sign-up requests and outbox
// mail, retention of the change log and workflow run payloads, and of activities and closed
// deals under each tenant's retention policy) start here too.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Never during `next build`: the database opens lazily, at runtime only.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Security: a production server with no way to send mail refuses to start (the development
  // outbox would keep invitation and sign-up links inside the app); MAIL_DISABLED=1 or
  // MAIL_DEV_OUTBOX=1 start it with a loud warning instead (lib/mail/mail-config.ts).
  const [{ env }, { mailStartupWarning }] = await Promise.all([import('./lib/env'), import('./lib/mail/mail-config')]);
  let warning: string | null = null;
  try {
    warning = mailStartupWarning(env());
  } catch (err) {
    console.error(`Refusing to start: ${(err as Error).message}`);
    process.exit(1);
  }
  if (warning) console.warn(`\n${'!'.repeat(100)}\n${warning}\n${'!'.repeat(100)}\n`);
  // Tracing first, so everything after it is traced. Off unless an OTLP collector is configured
  // (the standard OTEL_* variables); lib/observability/tracing.ts adds our own spans.
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    const { registerOTel } = await import('@vercel/otel');
    registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'crm-ai' });
  }
  // The sync endpoints' handlers, served by scripts/server.mjs without Next's router. Not in
  // development: there Next reloads edited route code, which a handler imported here would not.
  if (process.env.NODE_ENV === 'production') {
    const [{ createFastLane }, pull, push, stream] = await Promise.all([
      import('./lib/http/fast-lane'),
      import('./app/api/sync/[collection]/pull/route'),
      import('./app/api/sync/[collection]/push/route'),
      import('./app/api/sync/stream/route'),
    ]);
    (globalThis as { __crmFastLane?: unknown }).__crmFastLane = createFastLane([
      { method: 'POST', path: /^\/api\/sync\/(?<collection>[^/]+)\/pull$/, handler: pull.POST },
      { method: 'POST', path: /^\/api\/sync\/(?<collection>[^/]+)\/push$/, handler: push.POST },
      // The live stream: through Next's router each open one held ~93 KB against ~28 KB here,
      // and 10,000 took 21 s to open against 11 s (bench/sync/stream-fanout.ts).
      { method: 'GET', path: /^\/api\/sync\/stream$/, handler: stream.GET },
    ]);
  }
  // Scheduled maintenance on every instance; one of them runs each job per interval.
  const [{ startMaintenance }, { runAuditRetention }, { runHeadSigning }, { runPgliteAnalyze }, { runTombstonePurge }, { runLinkPurge }, { runChangeDataRetention }, { runIdempotencyPurge }] = await Promise.all([
    import('./lib/ops/scheduler'),
    import('./lib/audit/retention-job'),
    import('./lib/audit/head-signing-job'),
    import('./lib/ops/analyze-job'),
    import('./sync/server/tombstone-job'),
    import('./lib/ops/link-purge-job'),
    import('./lib/ops/change-data-retention-job'),
    import('./lib/api-v1/idempotency'),
  ]);
  const { runRecordRetention } = await import('./lib/retention/record-retention-job');
  // The audit sequencer's safety net: chains entries whose writer's after-commit pass never ran
  // (lib/audit/sequence-audit.ts); writers and readers of the log chain on their own.
  const { startAuditSequencer } = await import('./lib/audit/sequence-audit');
  startAuditSequencer();
  startMaintenance([
    () => runPgliteAnalyze(),
    () => runAuditRetention(),
    () => runHeadSigning(),
    () => runTombstonePurge(),
    () => runLinkPurge(),
    () => runChangeDataRetention(),
    () => runIdempotencyPurge(),
    () => runRecordRetention(),
  ]);
  const { startWorkflowWorkers, workersEnabled } = await import('./lib/workflows/start-workers');
  if (!workersEnabled()) return;
  await startWorkflowWorkers().catch((err: Error) => {
    // The app still serves requests; runs wait in the queue until workers start.
    console.error('workflow workers failed to start:', err.message);
  });
}
