'use client';

import { useState } from 'react';
import { sendJson } from '@/components/auth/api';
import { secondaryButtonClass } from '@/components/auth/field';

type Verdict = { ok: true; entries: number; fromSeq: number } | { ok: false; entries: number; brokenAtSeq: number; reason: string };

const REASONS: Record<string, string> = {
  content_changed: 'its content was changed after it was written',
  link_broken: 'it does not link to the entry before it',
  gap: 'it is missing (deleted or renumbered)',
  values_changed: 'its before and after values were changed after they were written',
};

/** Runs the chain verification and announces the outcome (polite live region). */
export function VerifyChainButton() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; ok: boolean }>();

  async function verify() {
    setBusy(true);
    const res = await sendJson<{ verdict: Verdict }>('/api/audit/verify', {});
    setBusy(false);
    if (!res.ok || !res.data) return setResult({ ok: false, text: res.message ?? 'Verification failed.' });
    const v = res.data.verdict;
    setResult(
      v.ok
        ? { ok: true, text: `Chain intact: ${v.entries} entries verified from entry ${v.fromSeq}.` }
        : { ok: false, text: `Chain broken at entry ${v.brokenAtSeq}: ${REASONS[v.reason] ?? v.reason}. ${v.entries} entries before it are intact.` },
    );
  }

  return (
    <div className="flex flex-col gap-2">
      <button type="button" className={secondaryButtonClass} onClick={() => void verify()} disabled={busy} aria-describedby="verify-result">
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      <p id="verify-result" role="status" className={result?.ok === false ? 'font-semibold text-danger' : 'font-semibold text-success'}>
        {result?.text ?? ''}
      </p>
    </div>
  );
}
