'use client';

import { CopyButton } from './copy-button';

/**
 * A copy-pasteable example: its caption, the code (wrapped rather than scrolled, so the page
 * reflows at 320 px; the Copy button copies the exact text), and a Copy button.
 */
export function CodeExample({ caption, code, copyLabel }: { caption: string; code: string; copyLabel: string }) {
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="font-semibold">{caption}</figcaption>
      <pre className="whitespace-pre-wrap rounded-lg border border-line bg-surface p-3 font-mono text-body-sm text-text [overflow-wrap:anywhere]">
        <code>{code}</code>
      </pre>
      <CopyButton text={code} label={copyLabel} what="The example" />
    </figure>
  );
}
