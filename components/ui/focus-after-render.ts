// Browser module: focus an element that a state change is about to draw.

/** How many frames to look for the element before giving up (about a second at 60 Hz). */
const MAX_FRAMES = 60;

/**
 * Focuses what `find` returns once React has drawn the change that puts it there: the
 * element may be new, or moved. Two frames first: the first lets React commit, the second runs
 * after the browser has laid that out (one frame was not always enough on a slow phone). React
 * may also split a large render over several frames (a busy phone, or CI's two shared cores:
 * the API key's token heading was drawn too late once and never got focus), so while the
 * element is not there yet it looks again each frame, for up to MAX_FRAMES.
 */
export function focusAfterRender(find: () => HTMLElement | null | undefined): void {
  let left = MAX_FRAMES;
  const attempt = () => {
    const element = find();
    if (element) element.focus();
    else if (--left > 0) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(() => requestAnimationFrame(attempt));
}
