// Shared with the browser: the name a downloaded export is saved under, read from the server's
// Content-Disposition header, so the file a person keeps is named as the server named it.

/**
 * The file name in a Content-Disposition header (`filename*=UTF-8''…` preferred, then
 * `filename="…"` or a bare `filename=…`), without any folder part; `fallback` when there is none.
 */
export function fileNameOf(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)?.[1];
  let name: string | undefined;
  if (encoded) {
    try {
      name = decodeURIComponent(encoded.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(header)?.[1]?.replace(/\\(.)/g, '$1') ?? /filename\s*=\s*([^;\s]+)/.exec(header)?.[1];
  // Security: a name is a name, never a path the browser could be asked to honour.
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : fallback;
}
