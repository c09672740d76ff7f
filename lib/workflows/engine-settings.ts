// Tuning constants of the workflow engine, each with its unit. Shared with the browser (the
// builder shows the retry policy) — no server imports here.

export interface Clock {
  now(): Date;
}

export interface EngineSettings {
  /** Attempts per step before the run fails for good (first try included). */
  maxAttempts: number;
  /** First retry delay, milliseconds; doubles each attempt. */
  retryBaseMs: number;
  /** Longest retry delay, milliseconds. */
  retryMaxMs: number;
  /** Steps one run may execute (loop protection against runaway graphs). */
  maxStepsPerRun: number;
  /** Workflow-made changes in a row that may trigger further workflows (A triggers B triggers A...). */
  maxChainDepth: number;
}

export const ENGINE_DEFAULTS: EngineSettings = {
  maxAttempts: 5,
  retryBaseMs: 10_000,
  retryMaxMs: 15 * 60_000,
  maxStepsPerRun: 200,
  maxChainDepth: 5,
};

/** Exponential backoff: base, 2×base, 4×base… capped at retryMaxMs. `attempt` counts from 1. */
export function backoffMs(attempt: number, s: Pick<EngineSettings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}
