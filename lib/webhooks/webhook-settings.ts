// Shared with the browser (the portal states them): the tuning constants of outgoing
// webhooks, each with its unit.

/** Attempts of one delivery (the first try and its retries) before it fails for good. */
export const MAX_ATTEMPTS = 5;
/** Wait before the first retry (ms); each further retry waits BACKOFF_FACTOR times longer. */
export const RETRY_BASE_MS = 60_000;
export const BACKOFF_FACTOR = 5;
/** Longest wait between two attempts (ms). */
export const RETRY_MAX_MS = 6 * 60 * 60_000;
/** How long a receiver may take to answer one attempt (ms), connection included. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How long the previous secret keeps signing after a rotation (ms). */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;
/** Subscriptions per organization: each event is one request per subscription. */
export const MAX_SUBSCRIPTIONS = 50;
/** Deliveries per page of the log (default and most). */
export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 200;

/** Wait before attempt `attempt + 1` once `attempt` (1-based) failed (ms): 1 min, 5 min, 25 min, 2 h 5 min, capped at 6 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * BACKOFF_FACTOR ** Math.max(0, attempt - 1));
}
