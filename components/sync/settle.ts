/**
 * Returns a function to feed values to; `onSettled` hears a value once it has stayed the same
 * for `delayMs`, and only when it differs from the last one heard. A value that changes and
 * changes back within the delay is never heard: for live regions, where every change of text
 * is read out.
 */
export function settler<T>(delayMs: number, onSettled: (value: T) => void): (value: T) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let heard: { value: T } | undefined;
  return (value) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (heard && Object.is(heard.value, value)) return;
      heard = { value };
      onSettled(value);
    }, delayMs);
  };
}
