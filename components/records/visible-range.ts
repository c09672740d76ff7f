// Shared with the browser: which rows of a fixed-height list to draw (pure, tested beside).

/**
 * The rows [start, end) to render for a list whose top edge is `listTop` px from the top of
 * the viewport (negative once scrolled past), plus `overscan` rows either side.
 */
export function visibleRange(listTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): { start: number; end: number } {
  const first = Math.max(0, Math.floor(-listTop / rowHeight));
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}
