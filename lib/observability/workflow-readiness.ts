import 'server-only';
import { workersReady } from '../workflows/start-workers';

/**
 * The readiness check of the embedded workflow workers, for checkReadiness's `extra`: an
 * instance whose workers failed to start would accept runs that never execute. Empty when the
 * workers run as separate processes.
 */
export function workflowReadinessCheck(): Record<string, () => Promise<unknown>> {
  const ready = workersReady();
  if (!ready) return {};
  // Stop the rejection from being reported as unhandled when nobody awaits it yet.
  ready.catch(() => undefined);
  return { workflows: () => ready };
}
