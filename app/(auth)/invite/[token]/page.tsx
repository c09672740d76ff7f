import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInviteForm } from '@/components/auth/accept-invite-form';
import { previewInvite } from '@/lib/tenancy/invites';

export const metadata: Metadata = { title: 'Accept invitation' };
export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await previewInvite(token);
  if (!invite) {
    return (
      <>
        <h1 className="text-2xl font-bold">This invitation is not valid</h1>
        <p>It was already used, has expired or was never issued. Ask an admin of your organization for a new one.</p>
        <Link href="/sign-in" className="inline-flex min-h-target items-center text-link underline">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold">Join {invite.tenantName}</h1>
      <p>
        You were invited as <strong>{invite.role}</strong> with the email <strong>{invite.email}</strong>.
      </p>
      <AcceptInviteForm token={token} existingUser={invite.existingUser} email={invite.email} />
    </>
  );
}
