// Browser module (also run in Node tests): pipelined pulls. RxDB asks for the next page only
// after it has written the current one into IndexedDB; fetching that next page meanwhile lets
// the server and the network work while the browser writes, instead of taking turns.
import type { Checkpoint, PullResponse } from '@/sync/schema/protocol';

type Pull<D> = (checkpoint: Checkpoint | null, limit: number, count?: boolean) => Promise<PullResponse<D>>;

const keyOf = (checkpoint: Checkpoint | null, limit: number) => `${JSON.stringify(checkpoint)}|${limit}`;

/**
 * Wraps `pull` so that a full page (more probably follows) starts the request for the page
 * after it at once. The next call with that checkpoint gets the request already under way;
 * any other call fetches afresh. A page fetched a moment early is still correct: the feed is
 * ordered by checkpoint, so whatever commits later comes in a later page.
 */
export function prefetchingPull<D>(pull: Pull<D>): Pull<D> {
  let ahead: { key: string; page: Promise<PullResponse<D>> } | null = null;
  return async (checkpoint, limit, count) => {
    const key = keyOf(checkpoint, limit);
    // A counted request is never the prefetched one (that is asked without a count).
    const pending = ahead?.key === key && !count ? ahead.page : pull(checkpoint, limit, count);
    ahead = null;
    const page = await pending;
    if (page.documents.length >= limit) {
      const next = pull(page.checkpoint, limit);
      // A failure (offline, signed out) surfaces when RxDB asks for this page, then retries afresh.
      next.catch(() => undefined);
      ahead = { key: keyOf(page.checkpoint, limit), page: next };
    }
    return page;
  };
}
