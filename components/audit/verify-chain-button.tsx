'use client';

import { useId, useState, type ChangeEvent } from 'react';
import { sendJson } from '@/components/auth/api';
import { secondaryButtonClass } from '@/components/auth/field';
import { formatUtc } from '@/lib/design/dates';

type HeadProblem = { reason: string; headSeq?: number; currentSeq?: number; checkpointSeq?: number; signed?: number; kept?: number; signedAt?: string; fromSeq?: number };
type HeadVerdict = { ok: boolean; signedHeads: number; latest: { headSeq: number; signedAt: string; keyId: string } | null; unsignedEntries: number; problems: HeadProblem[] };
type PendingVerdict = { ok: boolean; waiting: number; problems: { reason: string; pendingId: number; appendedAt: string }[] };
type Verdict = ({ ok: true; entries: number; fromSeq: number } | { ok: false; entries: number; brokenAtSeq: number; reason: string }) & { pending: PendingVerdict; heads: HeadVerdict };

const REASONS: Record<string, string> = {
  content_changed: 'its content was changed after it was written',
  link_broken: 'it does not link to the entry before it',
  gap: 'it is missing (deleted or renumbered)',
  values_changed: 'its before and after values were changed after they were written',
};

/** The server's MAX_SUPPLIED_HEADS (that module is server-only); an export is oldest first. */
const MAX_KEPT_HEADS = 10_000;

function headProblem(p: HeadProblem): string {
  switch (p.reason) {
    case 'head_mismatch':
      return `entry ${p.headSeq} is not the one that was signed (the log was rewritten up to there)`;
    case 'truncated':
      return `entries up to ${p.headSeq} were signed, but the log now ends at ${p.currentSeq} (newest entries deleted)`;
    case 'checkpoint_unsigned':
      return `the retention checkpoint at entry ${p.checkpointSeq} was never signed (entries may have been removed outside retention)`;
    case 'head_missing':
      return `the signed head at entry ${p.headSeq} from your saved file is missing from the server`;
    case 'count_mismatch':
      return `the head at entry ${p.headSeq} was signed for ${p.signed} entries, but ${p.kept} are kept up to there (entries deleted or inserted)`;
    case 'stale_head':
      return `the newest signed head (entry ${p.headSeq}) is from ${formatUtc(p.signedAt)}, although one is signed every day (newer heads, and maybe entries, were deleted)`;
    case 'missing_heads':
      return `entries from ${p.fromSeq} on are more than two days old but no signed head covers them (heads were deleted)`;
    case 'unknown_key':
      return `the head at entry ${p.headSeq} was signed with a key the server no longer has`;
    default:
      return `the signed head at entry ${p.headSeq} is not genuine (${p.reason.replace('_', ' ')})`;
  }
}

const PENDING_REASONS: Record<string, string> = {
  content_changed: 'was changed (or inserted) while it waited to be chained',
  values_changed: 'had its before and after values changed while it waited to be chained',
  overdue: 'has waited more than a minute to be chained (the sequencer stopped, or it was written behind its back)',
};

function pendingText(p: PendingVerdict): string {
  if (p.ok) return p.waiting > 0 ? `${p.waiting} entries written just now are being chained.` : '';
  const at = (q: PendingVerdict['problems'][number]) => `the entry written at ${formatUtc(q.appendedAt, { seconds: true })} ${PENDING_REASONS[q.reason] ?? q.reason}`;
  return `Entries waiting to be chained: ${p.problems.map(at).join('; ')}.`;
}

function headsText(h: HeadVerdict): string {
  if (!h.ok) return `Signed heads: ${h.problems.map(headProblem).join('; ')}.`;
  if (!h.latest) return 'No signed head yet: the first is made within the hour.';
  const tail = h.unsignedEntries > 0 ? ` ${h.unsignedEntries} newer entries are not signed yet.` : '';
  return `Signed heads: ${h.signedHeads} valid, the newest covers entries up to ${h.latest.headSeq}.${tail}`;
}

/**
 * Runs the chain verification (optionally against signed heads saved from an earlier export),
 * signs the head on request, and announces the outcome (polite live region).
 */
export function VerifyChainButton() {
  const fileId = useId();
  const [busy, setBusy] = useState(false);
  const [kept, setKept] = useState<{ name: string; heads: unknown[] }>();
  const [result, setResult] = useState<{ text: string; ok: boolean }>();

  async function readKept(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return setKept(undefined);
    try {
      const parsed = JSON.parse(await file.text()) as { heads?: unknown };
      if (!Array.isArray(parsed.heads)) throw new Error('no heads');
      setKept({ name: file.name, heads: parsed.heads });
      setResult(undefined);
    } catch {
      setKept(undefined);
      setResult({ ok: false, text: `${file.name} is not a signed-heads export (audit-signed-heads.json).` });
    }
  }

  async function verify() {
    setBusy(true);
    // The newest heads only: the server takes at most MAX_SUPPLIED_HEADS (lib/audit/verify-request.ts).
    const res = await sendJson<{ verdict: Verdict }>('/api/audit/verify', kept ? { heads: kept.heads.slice(-MAX_KEPT_HEADS) } : {});
    setBusy(false);
    if (!res.ok || !res.data) return setResult({ ok: false, text: res.message ?? 'Verification failed.' });
    const v = res.data.verdict;
    const chain = v.ok
      ? `Chain intact: ${v.entries} entries verified from entry ${v.fromSeq}.`
      : `Chain broken at entry ${v.brokenAtSeq}: ${REASONS[v.reason] ?? v.reason}. ${v.entries} entries before it are intact.`;
    setResult({ ok: v.ok && v.pending.ok && v.heads.ok, text: [chain, pendingText(v.pending), headsText(v.heads)].filter(Boolean).join(' ') });
  }

  async function signNow() {
    setBusy(true);
    const res = await sendJson<{ head: { payload: { headSeq: number } } }>('/api/audit/heads', {});
    setBusy(false);
    setResult(res.ok && res.data ? { ok: true, text: `Head signed: entries up to ${res.data.head.payload.headSeq} are now covered.` } : { ok: false, text: res.message ?? 'Signing failed.' });
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-3">
        <button type="button" className={secondaryButtonClass} onClick={() => void verify()} disabled={busy} aria-describedby="verify-result">
          {busy ? 'Working…' : kept ? `Verify chain against ${kept.name}` : 'Verify chain'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => void signNow()} disabled={busy} aria-describedby="verify-result">
          Sign the head now
        </button>
        <a href="/api/audit/heads" className="inline-flex min-h-target items-center text-link underline">
          Download the signed heads (JSON)
        </a>
      </div>
      <label htmlFor={fileId} className="font-semibold">
        Signed heads saved earlier (optional)
      </label>
      <p id={`${fileId}-help`} className="text-sm text-muted">
        A file you downloaded before: heads deleted from the server since then show as missing.
      </p>
      <input
        id={fileId}
        type="file"
        accept=".json,application/json"
        aria-describedby={`${fileId}-help`}
        onChange={(e) => void readKept(e)}
        className="min-h-target w-full rounded-md border-2 border-border bg-bg p-2 text-text file:me-3 file:min-h-target file:rounded-md file:border-2 file:border-border file:bg-surface file:px-3 file:text-text"
      />
      <p id="verify-result" role="status" className={result?.ok === false ? 'font-semibold text-danger' : 'font-semibold text-success'}>
        {result?.text ?? ''}
      </p>
    </div>
  );
}
