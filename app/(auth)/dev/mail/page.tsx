import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { MailList } from '@/components/admin/mail-list';
import { devOutboxOpenTo } from '@/lib/mail/dev-outbox-access';
import { listDevMail } from '@/lib/mail/mailer';

export const metadata: Metadata = { title: 'Development mail' };
export const dynamic = 'force-dynamic';

/**
 * Development outbox of mail about no organization yet (sign-up links), by address: how a
 * developer finishes a sign-up without a mail server. Security: a 404 unless mail goes to the
 * outbox (development, tests, or MAIL_DEV_OUTBOX=1, announced at start), and in production to
 * this machine only (devOutboxOpenTo).
 */
export default async function DevMailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!devOutboxOpenTo(await headers())) notFound();
  const raw = (await searchParams).to;
  const to = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase() ?? '';
  const mails = to ? await listDevMail(to) : [];
  return (
    <>
      <h1 className="text-2xl font-bold">Development mail</h1>
      <p>
        No mail server is configured (<code>SMTP_URL</code>), so sign-up mail is kept here instead of being sent.
      </p>
      <form method="get" className="flex flex-col gap-2">
        <label htmlFor="to" className="font-semibold">
          Address
        </label>
        <input id="to" name="to" type="email" autoComplete="email" defaultValue={to} className="min-h-target rounded-md border border-border bg-bg px-3 text-text" />
        <button type="submit" className="min-h-target min-w-target self-start rounded-md bg-primary px-4 font-semibold text-onPrimary">
          Show mail
        </button>
      </form>
      <MailList mails={mails} empty={to ? `No mail to ${to} yet.` : undefined} />
    </>
  );
}
