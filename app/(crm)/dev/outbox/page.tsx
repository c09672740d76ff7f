import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { MailList } from '@/components/admin/mail-list';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { devOutboxOpenTo } from '@/lib/mail/dev-outbox-access';
import { listOutbox } from '@/lib/mail/mailer';

export const metadata: Metadata = { title: 'Mail outbox' };
export const dynamic = 'force-dynamic';

/** Development outbox: the mail "sent" while no SMTP server is configured, for this organization's admins. */
export default async function OutboxPage() {
  // Security: only while mail goes to the outbox (never in production unless MAIL_DEV_OUTBOX=1),
  // and in production to this machine only (devOutboxOpenTo).
  if (!devOutboxOpenTo(await headers())) notFound();
  const { ctx, allowed } = await requirePageSession('/dev/outbox', 'members:manage');
  if (!allowed) return <NotAllowed title="Mail outbox" />;
  const mails = await listOutbox(ctx.tenantId);
  return (
    <>
      <PageHeader
        title="Mail outbox"
        trail={[
          { href: '/admin/users', label: 'Members' },
          { href: '/dev/outbox', label: 'Mail outbox' },
        ]}
        description={
          <>
            No mail server is configured (<code>SMTP_URL</code>), so mail is kept here instead of being sent.
          </>
        }
      />
      <MailList mails={mails} empty="No mail yet." />
    </>
  );
}
