import 'server-only';
import { getDb } from '../db/open-database';
import type { Database } from '../db/types';
import { env } from '../env';
import { startWebhookWorkers } from '../webhooks/webhook-workers';
import { WorkflowEngine } from './engine';
import { startQueue, type QueueOptions } from './queue';
import { startRunner, type RunnerOptions } from './runner';

// One engine per process, kept on globalThis so Next's dev reloads and several route bundles
// share it (PGlite is one connection; pg-boss must start once per process).
const holder = globalThis as unknown as {
  __crmWorkflowEngine?: Promise<WorkflowEngine>;
  __crmWorkflowWorkers?: Promise<{ stop(): Promise<void> }>;
};

/** The process's engine (queue started, no workers): routes use it to start, retry, cancel runs. */
export function getWorkflowEngine(db?: Database, options: QueueOptions = {}): Promise<WorkflowEngine> {
  holder.__crmWorkflowEngine ??= (async () => {
    const database = db ?? (await getDb());
    const boss = await startQueue(database, options);
    return new WorkflowEngine({ db: database, boss });
  })();
  return holder.__crmWorkflowEngine;
}

/**
 * Starts the workflow workers in this process: embedded mode (PGlite, or a single Postgres
 * app instance). With Postgres and separate worker processes (`npm run workflows:worker`),
 * set WORKFLOW_WORKERS=off on the web instances. Called from instrumentation.ts.
 */
export function startWorkflowWorkers(db?: Database, options: QueueOptions & RunnerOptions = {}): Promise<{ stop(): Promise<void> }> {
  holder.__crmWorkflowWorkers ??= (async () => {
    const engine = await getWorkflowEngine(db, options);
    const workflows = await startRunner(engine, options);
    // Outgoing webhooks (lib/webhooks) work on the same queue, in the same processes.
    const webhooks = await startWebhookWorkers(engine.db, engine.boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
    return {
      async stop() {
        await webhooks.stop();
        await workflows.stop();
      },
    };
  })();
  return holder.__crmWorkflowWorkers;
}

/** True when this process should run workers (WORKFLOW_WORKERS, default embedded). */
export function workersEnabled(): boolean {
  return env().WORKFLOW_WORKERS === 'embedded';
}

/**
 * Readiness of this process's workflow workers: resolves once they run, rejects when they
 * failed to start. Costs no query (the queue itself is checked through the database check).
 * Undefined when this process runs no workers (WORKFLOW_WORKERS=off).
 */
export function workersReady(): Promise<unknown> | undefined {
  if (!workersEnabled()) return undefined;
  return holder.__crmWorkflowWorkers ?? Promise.reject(new Error('workflow workers have not started'));
}
