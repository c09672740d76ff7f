// Test helpers for request bodies (tests only).

/** A body of `total` bytes in `chunk`-byte pieces with no Content-Length; counts what was pulled. */
export function chunkedBody(total: number, chunk = 64 * 1024, fill = 0x20) {
  const seen = { pulled: 0, cancelled: false };
  const piece = new Uint8Array(chunk).fill(fill);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        seen.pulled += chunk;
        controller.enqueue(piece);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}
