import 'server-only';
import { logger } from '../observability/logger';

/** One maintenance job: claims its own interval (maintenance_runs) and returns quickly when not due. */
export type MaintenanceJob = () => Promise<unknown>;

/** How often each instance asks whether a maintenance job is due (ms). */
const CHECK_EVERY_MS = 15 * 60 * 1000;
/** First check after start-up, once the app is serving (ms). */
const FIRST_CHECK_MS = 30 * 1000;

const holder = globalThis as unknown as { __crmMaintenance?: { stop(): void } };

/**
 * Starts the periodic maintenance `jobs` in this process (called from instrumentation.ts,
 * which also lists them), one after the other on each tick.
 * Every instance runs the timer; the claim in maintenance_runs makes one of them do the work
 * per interval, so no cluster coordination is needed. Timers are unref'd: they never keep
 * a process alive on shutdown.
 */
export function startMaintenance(jobs: readonly MaintenanceJob[]): { stop(): void } {
  if (holder.__crmMaintenance) return holder.__crmMaintenance;
  let running = false;
  const tick = async () => {
    if (running) return; // a slow run is never overlapped by this instance
    running = true;
    for (const job of jobs) {
      try {
        await job();
      } catch (err) {
        logger().error({ err }, 'maintenance job failed');
      }
    }
    running = false;
  };
  const first = setTimeout(() => void tick(), FIRST_CHECK_MS);
  const every = setInterval(() => void tick(), CHECK_EVERY_MS);
  first.unref();
  every.unref();
  holder.__crmMaintenance = {
    stop() {
      clearTimeout(first);
      clearInterval(every);
      holder.__crmMaintenance = undefined;
    },
  };
  return holder.__crmMaintenance;
}
