// The development outbox's mail, newest first: one list for /dev/mail (sign-up mail, by
// address) and /dev/outbox (an organization's mail). Server-rendered; no client code.
import { formatUtc } from '@/lib/design/dates';

/** One kept mail, as the outbox pages load it. */
export interface MailListEntry {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** The mails, each an article headed by its subject; `empty` is shown when there are none. */
export function MailList({ mails, empty }: { mails: readonly MailListEntry[]; empty?: string }) {
  if (mails.length === 0) return empty ? <p>{empty}</p> : null;
  return (
    <ol className="flex flex-col gap-4">
      {mails.map((m) => (
        <li key={m.id} className="rounded-md border border-border bg-surface p-3">
          <article aria-labelledby={`mail-${m.id}`}>
            <h2 id={`mail-${m.id}`} className="text-lg font-semibold">
              {m.subject}
            </h2>
            <p className="text-muted">
              To {m.to}, {formatUtc(m.createdAt)}
            </p>
            <pre className="whitespace-pre-wrap break-all font-sans">{m.text}</pre>
          </article>
        </li>
      ))}
    </ol>
  );
}
