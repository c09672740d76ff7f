'use client';

import { useState } from 'react';
import { secondaryButtonClass } from './field';

/** The recovery codes as a list, with a copy button (so nobody has to transcribe them). */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-lg">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => void navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true), () => setCopied(false))}
      >
        Copy codes
      </button>
      <p role="status">{copied ? 'Copied to the clipboard.' : ''}</p>
    </div>
  );
}
