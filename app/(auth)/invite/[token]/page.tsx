import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInviteForm } from '@/components/auth/accept-invite-form';
import { optionalPageUser } from '@/lib/auth/page-session';
import { previewInvite } from '@/lib/tenancy/invites';

export const metadata: Metadata = { title: 'Accept invitation' };
export const dynamic = 'force-dynamic';

const linkClass = 'inline-flex min-h-target items-center text-link underline';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await previewInvite(token);
  if (!invite) {
    return (
      <>
        <h1 className="text-2xl font-bold">This invitation is not valid</h1>
        <p>It was already used, has expired or was never issued. Ask an admin of your organization for a new one.</p>
        <Link href="/sign-in" className={linkClass}>
          Go to sign in
        </Link>
      </>
    );
  }
  // Security: an invitation to an existing account is accepted only by that account, signed in.
  const user = invite.existingUser ? await optionalPageUser() : null;
  const here = `/invite/${token}`;
  return (
    <>
      <h1 className="text-2xl font-bold">Join {invite.tenantName}</h1>
      <p>
        You were invited as <strong>{invite.role}</strong> with the email <strong>{invite.email}</strong>.
      </p>
      {!invite.existingUser || user?.email === invite.email ? (
        <AcceptInviteForm token={token} existingUser={invite.existingUser} email={invite.email} />
      ) : user ? (
        <p>
          You are signed in as {user.email}. Sign out, then sign in as {invite.email} and open this link again to accept.
        </p>
      ) : (
        <>
          <p>{invite.email} already has an account: sign in as that account to accept, and the organization is added to it.</p>
          <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className={linkClass}>
            Sign in to accept
          </Link>
        </>
      )}
    </>
  );
}
