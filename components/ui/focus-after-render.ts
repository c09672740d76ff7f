// Browser module: focus an element that a state change is about to draw.

/**
 * Focuses what `find` returns once React has drawn the change that puts it there: the
 * element may be new, or moved. Two frames: the first lets React commit, the second runs
 * after the browser has laid that out (one frame was not always enough on a slow phone).
 */
export function focusAfterRender(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => requestAnimationFrame(() => find()?.focus()));
}
