'use client';

import { useState, type FormEvent } from 'react';
import { cidrSchema } from '@/lib/security/ip-allowlist';
import { sendJson } from '../auth/api';
import { buttonClass, FormMessage, secondaryButtonClass } from '../auth/field';

/** Each problem of the typed list, naming the line, or none. */
function problemsOf(lines: string[]): string[] {
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (!cidrSchema.safeParse(line).success) problems.push(`Line ${i + 1}: "${line}" is not an IP address or CIDR range (examples: 203.0.113.7, 203.0.113.0/24, 2001:db8::/32).`);
  });
  if (lines.length > 200) problems.push(`At most 200 ranges; this list has ${lines.length}.`);
  return problems;
}

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The organization's IP allowlist: one range per line; empty allows every network. */
export function IpAllowlistForm({ initial, yourIp }: { initial: string[]; yourIp: string | null }) {
  const [text, setText] = useState(initial.join('\n'));
  const [errors, setErrors] = useState<string[]>([]);
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const ranges = linesOf(text);
    const problems = problemsOf(ranges);
    setErrors(problems);
    if (problems.length > 0) {
      setMessage({ text: `The list was not saved: ${problems.length === 1 ? 'one line needs' : `${problems.length} lines need`} fixing.`, tone: 'danger' });
      return;
    }
    const res = await sendJson<{ ipAllowlist: string[] }>('/api/admin/settings/ip-allowlist', { ranges }, 'PUT');
    if (res.ok && res.data) {
      setText(res.data.ipAllowlist.join('\n'));
      setMessage({ text: res.data.ipAllowlist.length === 0 ? 'Saved. Every network is allowed.' : `Saved. ${res.data.ipAllowlist.length} allowed range(s).`, tone: 'success' });
    } else {
      setMessage({ text: res.message ?? 'The list was not saved.', tone: 'danger' });
    }
  }

  const describedBy = ['allowlist-hint', errors.length > 0 ? 'allowlist-errors' : ''].filter(Boolean).join(' ');
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <h2 className="text-xl font-semibold">Allowed networks</h2>
      <label htmlFor="allowlist" className="font-semibold">
        IP addresses and ranges, one per line
      </label>
      <p id="allowlist-hint" className="text-muted text-sm">
        Sign-in, the app and sync work only from these networks. Leave empty to allow every network. IPv4 and IPv6, single addresses or CIDR ranges such as
        203.0.113.0/24. Your current address is {yourIp ?? 'unknown'}; the list must include it.
      </p>
      <textarea
        id="allowlist"
        name="ranges"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        spellCheck={false}
        className="min-h-target rounded-md border border-border bg-bg px-3 py-2 font-mono text-text"
      />
      {errors.length > 0 ? (
        <ul id="allowlist-errors" className="text-danger list-disc pl-6 text-sm">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <FormMessage message={message?.text} tone={message?.tone} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonClass}>
          Save allowed networks
        </button>
        {yourIp && yourIp !== 'unknown' ? (
          <button type="button" className={secondaryButtonClass} onClick={() => setText((t) => (linesOf(t).includes(yourIp) ? t : [...linesOf(t), yourIp].join('\n')))}>
            Add my address
          </button>
        ) : null}
      </div>
    </form>
  );
}
