// A standalone workflow worker process (Postgres deployments; also used by the crash test).
// Env: DATABASE_URL, WORKFLOW_JOB_EXPIRE_SECONDS (default 300), WORKFLOW_MAINTENANCE_SECONDS (default 30).
import { getDb } from '../lib/db/open-database';
import { startWorkflowWorkers } from '../lib/workflows/start-workers';

const db = await getDb();
const workers = await startWorkflowWorkers(db, {
  expireInSeconds: Number(process.env.WORKFLOW_JOB_EXPIRE_SECONDS ?? 300),
  maintenanceIntervalSeconds: Number(process.env.WORKFLOW_MAINTENANCE_SECONDS ?? 30),
  tickMs: 200,
});
console.log('workflow worker ready');
const shutdown = async () => {
  await workers.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
